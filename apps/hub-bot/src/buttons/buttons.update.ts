import { parseCallbackData } from '@ccr/telegram-format';
import { Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { ApprovalsService } from '../approvals/approvals.service';
import { PaneTargets } from '../executor/pane-targets.service';
import { DEFAULT_OUTPUT_LINES } from '../output/output-message.util';
import { OutputService } from '../output/output.service';
import { Answerer } from '../replies/answer.service';
import { TelegramReplies } from '../replies/telegram-replies.service';
import { noteSession, updateRecordOf } from '../telegram/update-record.util';
import { escapedHtml } from '../typing/typing-message.util';
import { TypingService } from '../typing/typing.service';
import { BUTTON_ANSWERS } from './button-answer.util';

/**
 * Every button press: Allow / Allow for session / Deny under a permission request, Output and
 * Esc under a notification. Each press is answered (answerCallbackQuery) whatever happens, so
 * that the button stops spinning and the presser hears what it did.
 */
@Update()
export class ButtonsUpdate {
  constructor(
    private readonly approvals: ApprovalsService,
    private readonly targets: PaneTargets,
    private readonly output: OutputService,
    private readonly typing: TypingService,
    private readonly answerer: Answerer,
    private readonly replies: TelegramReplies,
  ) {}

  @On('callback_query')
  async pressed(@Ctx() ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query) return;
    const record = updateRecordOf(ctx);
    let answer: string = BUTTON_ANSWERS.internal;
    try {
      // Callback data comes from the client: only what this bot writes is acted on.
      const action = 'data' in query ? parseCallbackData(query.data) : null;
      if (action === null) {
        record.fields.outcome = 'ignored';
        record.fields.error_code = 'UNKNOWN_BUTTON';
        answer = BUTTON_ANSWERS.unknown;
        return;
      }
      switch (action.kind) {
        case 'permission':
          answer = await this.approvals.press(
            record,
            action.permissionId,
            action.decision,
            query.from,
          );
          return;
        case 'output': {
          // Like /output: the screen as a new message under the notification.
          const shown = await this.answerer.answer(ctx, async () => {
            const session = await this.targets.byId(action.sessionId);
            noteSession(record, session);
            return this.output.screen(session, DEFAULT_OUTPUT_LINES);
          });
          answer = shown ? BUTTON_ANSWERS.output(record.session) : BUTTON_ANSWERS.failed;
          return;
        }
        case 'esc': {
          // Like /esc: Escape in the pane, and the same answer under the notification.
          const pressed = await this.answerer.answer(ctx, async () => {
            const session = await this.targets.byId(action.sessionId);
            noteSession(record, session);
            await this.typing.interrupt(this.targets.runningTargetOf(session));
            return escapedHtml(session);
          });
          answer = pressed ? BUTTON_ANSWERS.escaped(record.session) : BUTTON_ANSWERS.failed;
          return;
        }
      }
    } finally {
      await this.replies.answerPress(ctx, answer);
    }
  }
}
