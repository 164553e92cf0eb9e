import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { PaneTargets } from '../executor/pane-targets.service';
import { Answerer } from '../replies/answer.service';
import { commandRestOf, repliedMessageId } from '../telegram/command-text.util';
import { noteSession } from '../telegram/update-record.util';
import { parseStopArgs, stopAnswer } from './stop-message.util';
import { StopService } from './stop.service';

/** /stop <session>, or /stop as a reply to a notification: ends Claude gracefully. */
@Update()
export class StopUpdate {
  constructor(
    private readonly targets: PaneTargets,
    private readonly stopper: StopService,
    private readonly answerer: Answerer,
  ) {}

  @Command('stop')
  async stop(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const replied = repliedMessageId(ctx.message);
      const { ref } = parseStopArgs(commandRestOf(ctx.message), replied !== undefined);
      const session =
        ref === undefined && replied !== undefined && record.chatId !== undefined
          ? await this.targets.byReply(record.chatId, replied)
          : await this.targets.byRef(ref ?? '');
      noteSession(record, session);
      return stopAnswer(await this.stopper.stop(session, false));
    });
  }
}
