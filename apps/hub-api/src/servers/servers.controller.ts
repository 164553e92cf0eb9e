import { Controller, Get, Inject } from '@nestjs/common';
import type { ServersConfig } from '@ccr/config';
import { SessionStore } from '@ccr/session-data-access';
import { Authenticate, RouteAuth } from '../auth/route-auth.decorator';
import { SERVERS_CONFIG } from '../config/hub-config.constant';

export interface ServerListing {
  id: string;
  name: string;
  type: 'local' | 'remote' | 'unknown';
  /** In servers.json; an unconfigured server has sent notifications but cannot take commands. */
  configured: boolean;
  host?: string;
  port?: number;
  user?: string;
  liveSessions: number;
  totalSessions: number;
  lastSeenAt: string | null;
}

@Controller('servers')
@Authenticate(RouteAuth.HubSecret)
export class ServersController {
  constructor(
    private readonly sessions: SessionStore,
    @Inject(SERVERS_CONFIG) private readonly servers: ServersConfig,
  ) {}

  /** Every configured server, then any other server that has sent notifications. Secrets and key paths stay out. */
  @Get()
  async list(): Promise<{ servers: ServerListing[] }> {
    const summaries = new Map((await this.sessions.serverSummaries()).map((s) => [s.serverId, s]));
    const listed: ServerListing[] = this.servers.servers.map((server) => {
      const summary = summaries.get(server.id);
      summaries.delete(server.id);
      return {
        id: server.id,
        name: server.name ?? server.id,
        type: server.type,
        configured: true,
        ...(server.type === 'remote'
          ? { host: server.host, port: server.port, user: server.user }
          : {}),
        liveSessions: summary?.liveSessions ?? 0,
        totalSessions: summary?.totalSessions ?? 0,
        lastSeenAt: summary?.lastSeenAt.toISOString() ?? null,
      };
    });
    for (const summary of summaries.values()) {
      listed.push({
        id: summary.serverId,
        name: summary.serverId,
        type: 'unknown',
        configured: false,
        liveSessions: summary.liveSessions,
        totalSessions: summary.totalSessions,
        lastSeenAt: summary.lastSeenAt.toISOString(),
      });
    }
    return { servers: listed };
  }
}
