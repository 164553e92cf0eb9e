import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { PaneTargets } from '../executor/pane-targets.service';
import { Answerer } from '../replies/answer.service';
import { parseCommandText, repliedMessageId } from '../telegram/command-text.util';
import { noteSession } from '../telegram/update-record.util';
import { parseOutputArgs } from './output-message.util';
import { OutputService } from './output.service';

@Update()
export class OutputUpdate {
  constructor(
    private readonly targets: PaneTargets,
    private readonly output: OutputService,
    private readonly answerer: Answerer,
  ) {}

  /** /output <session> [lines], or /output as a reply to a notification: the pane's last lines. */
  @Command('output')
  async show(@Ctx() ctx: Context): Promise<void> {
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
      return this.output.screen(session, lines);
    });
  }
}
