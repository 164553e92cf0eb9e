import { Controller, Get, Inject } from '@nestjs/common';
import { formatTimeLeft, type SessionView } from '@ccr/session-domain';
import { SessionStore } from '@ccr/session-data-access';
import { CLOCK } from '@ccr/session-nest';
import type { Clock } from '@ccr/shared-util';
import { Authenticate, RouteAuth } from '../auth/route-auth.decorator';

export interface SessionListing {
  name: string;
  token: string;
  serverId: string;
  project: string;
  cwd: string | null;
  hostname: string | null;
  tmux: SessionView['tmux'];
  lastType: SessionView['lastType'];
  state: SessionView['state'];
  stateSince: string;
  createdAt: string;
  lastEventAt: string;
  expiresAt: string;
  timeLeft: string;
}

@Controller('sessions')
@Authenticate(RouteAuth.HubSecret)
export class SessionsController {
  constructor(
    private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Live sessions, ordered by server and number. */
  @Get()
  async list(): Promise<{ sessions: SessionListing[] }> {
    const now = this.clock().getTime();
    const live = await this.sessions.listLive();
    return {
      sessions: live.map((session) => ({
        name: session.name,
        token: session.token,
        serverId: session.serverId,
        project: session.project,
        cwd: session.cwd,
        hostname: session.hostname,
        tmux: session.tmux,
        lastType: session.lastType,
        state: session.state,
        stateSince: session.stateSince.toISOString(),
        createdAt: session.createdAt.toISOString(),
        lastEventAt: session.lastEventAt.toISOString(),
        expiresAt: session.expiresAt.toISOString(),
        timeLeft: formatTimeLeft(session.expiresAt.getTime() - now),
      })),
    };
  }
}
