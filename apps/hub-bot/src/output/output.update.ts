import { TmuxExecutor } from '@ccr/ssh-executor';
import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { PaneTargets } from '../executor/pane-targets.service';
import { Answerer } from '../replies/answer.service';
import { parseCommandText, repliedMessageId } from '../telegram/command-text.util';
import { noteSession } from '../telegram/update-record.util';
import { formatOutputMessage, parseOutputArgs } from './output-message.util';

@Update()
export class OutputUpdate {
  constructor(
    private readonly targets: PaneTargets,
    private readonly executor: TmuxExecutor,
    private readonly answerer: Answerer,
  ) {}

  /** /output <session> [lines], or /output as a reply to a notification: the pane's last lines. */
  @Command('output')
  async output(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
      const replied = repliedMessageId(ctx.message);
      const { ref, lines } = parseOutputArgs(
        parseCommandText(text)?.rest ?? '',
        replied !== undefined,
      );
      const session =
        ref === undefined && replied !== undefined && record.chatId !== undefined
          ? await this.targets.byReply(record.chatId, replied)
          : await this.targets.byRef(ref ?? '');
      noteSession(record, session);
      const target = this.targets.targetOf(session);
      const screen = await this.executor.capturePane(target.server.executor, target.pane, lines);
      return formatOutputMessage(session, lines, screen);
    });
  }
}
