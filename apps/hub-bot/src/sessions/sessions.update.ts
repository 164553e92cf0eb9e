import { Inject } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { SessionStore } from '@ccr/session-data-access';
import { sessionsKeyboard } from '@ccr/telegram-format';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { ServerRegistry } from '../executor/server-registry.service';
import { Answerer } from '../replies/answer.service';
import { formatSessionsMessage, sortedForButtons } from './sessions-message.util';

@Update()
export class SessionsUpdate {
  constructor(
    private readonly sessions: SessionStore,
    private readonly servers: ServerRegistry,
    private readonly answerer: Answerer,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
  ) {}

  /**
   * /sessions: live sessions grouped by server, with a row of buttons (Output, Esc, Stop) for
   * each one that can be acted on: still running, in tmux, on a server in servers.json.
   */
  @Command('sessions')
  async list(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async () => {
      const live = await this.sessions.listLive();
      const order = this.servers.list().map((server) => server.config.id);
      const html = formatSessionsMessage(
        live,
        (id) => this.servers.get(id)?.config,
        order,
        new Date(),
        this.config.sessionTtlHours,
      );
      const actionable = sortedForButtons(live, order).filter(
        (session) =>
          session.state !== 'ended' &&
          session.tmux.pane !== null &&
          this.servers.get(session.serverId) !== undefined,
      );
      return actionable.length === 0 ? html : { html, keyboard: sessionsKeyboard(actionable) };
    });
  }
}
