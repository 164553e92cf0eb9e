import { Inject } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { SessionStore } from '@ccr/session-data-access';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { ServerRegistry } from '../executor/server-registry.service';
import { Answerer } from '../replies/answer.service';
import { formatSessionsMessage } from './sessions-message.util';

@Update()
export class SessionsUpdate {
  constructor(
    private readonly sessions: SessionStore,
    private readonly servers: ServerRegistry,
    private readonly answerer: Answerer,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
  ) {}

  /** /sessions: live sessions grouped by server. */
  @Command('sessions')
  async list(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async () => {
      const live = await this.sessions.listLive();
      return formatSessionsMessage(
        live,
        (id) => this.servers.get(id)?.config,
        this.servers.list().map((server) => server.config.id),
        new Date(),
        this.config.sessionTtlHours,
      );
    });
  }
}
