import { Inject, Injectable } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { SessionStore } from '@ccr/session-data-access';
import { TmuxExecutor } from '@ccr/ssh-executor';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { ServerRegistry, type KnownServer } from '../executor/server-registry.service';
import { shortFailure } from '../replies/failure-reply.util';
import { escapeHtml } from '../replies/html.util';
import type { ServerCheck } from './servers-message.util';

/** A ping gets its connect timeout and this much more for `tmux -V` before it counts as lost. */
const PING_MARGIN_MS = 5_000;

class PingTimeout extends Error {}

/** Pings every configured server at once, each within a bounded time. */
@Injectable()
export class ServersService {
  constructor(
    private readonly servers: ServerRegistry,
    private readonly executor: TmuxExecutor,
    private readonly sessions: SessionStore,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
  ) {}

  async checkAll(): Promise<ServerCheck[]> {
    const live = await this.sessions.listLive();
    const counts = new Map<string, number>();
    for (const session of live)
      counts.set(session.serverId, (counts.get(session.serverId) ?? 0) + 1);
    return Promise.all(
      this.servers.list().map((server) => this.check(server, counts.get(server.config.id) ?? 0)),
    );
  }

  private async check(server: KnownServer, liveSessions: number): Promise<ServerCheck> {
    const limitMs = this.config.ssh.connectTimeoutMs + PING_MARGIN_MS;
    let timer: NodeJS.Timeout | undefined;
    try {
      const roundTripMs = await Promise.race([
        this.executor.ping(server.executor),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new PingTimeout()), limitMs);
        }),
      ]);
      return { server: server.config, liveSessions, reachable: true, roundTripMs };
    } catch (error) {
      const problemHtml =
        error instanceof PingTimeout
          ? escapeHtml(`no answer within ${limitMs / 1000} s`)
          : shortFailure(error, {
              serverById: (id) => this.servers.get(id)?.config,
              connectTimeoutMs: this.config.ssh.connectTimeoutMs,
            });
      return { server: server.config, liveSessions, reachable: false, problemHtml };
    } finally {
      clearTimeout(timer);
    }
  }
}
