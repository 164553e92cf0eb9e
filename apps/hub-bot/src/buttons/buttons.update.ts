import { launchSettingsOf } from '@ccr/config';
import { folderTag, parseCallbackData, type CallbackAction } from '@ccr/telegram-format';
import { Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { presserName, type Presser } from '../approvals/approval-answer.util';
import { ApprovalsService } from '../approvals/approvals.service';
import { PaneTargets } from '../executor/pane-targets.service';
import { ServerRegistry } from '../executor/server-registry.service';
import { launchAnswer, trustAnsweredHtml } from '../launch/launch-message.util';
import { LaunchService } from '../launch/launch.service';
import { NOTHING_STARTED } from '../launch/launch.update';
import { DEFAULT_OUTPUT_LINES } from '../output/output-message.util';
import { OutputService } from '../output/output.service';
import { PlansService } from '../requests/plans.service';
import { QuestionsService } from '../requests/questions.service';
import { Answerer } from '../replies/answer.service';
import { BotError } from '../replies/bot.error';
import { TelegramReplies } from '../replies/telegram-replies.service';
import { keptHtml, stopAnswer, stoppingHtml } from '../stop/stop-message.util';
import { StopService } from '../stop/stop.service';
import { noteSession, updateRecordOf, type UpdateRecord } from '../telegram/update-record.util';
import { escapedHtml } from '../typing/typing-message.util';
import { TypingService } from '../typing/typing.service';
import { BUTTON_ANSWERS } from './button-answer.util';

/**
 * Every button press: Allow / Allow for session / Deny under a permission request; an option,
 * Other… or Done under a question; Approve or Keep planning under a plan; Output, Esc and Stop
 * under a notification, a new session or /sessions; a project under /new; Trust or Cancel
 * under Claude's trust question; Stop it or Keep under a confirmation. Each press is answered
 * (answerCallbackQuery) whatever happens, so that the button stops spinning and the presser
 * hears what it did; a press that waits for Claude is answered before it waits.
 */
@Update()
export class ButtonsUpdate {
  constructor(
    private readonly approvals: ApprovalsService,
    private readonly questions: QuestionsService,
    private readonly plans: PlansService,
    private readonly targets: PaneTargets,
    private readonly output: OutputService,
    private readonly typing: TypingService,
    private readonly answerer: Answerer,
    private readonly replies: TelegramReplies,
    private readonly servers: ServerRegistry,
    private readonly launch: LaunchService,
    private readonly stopper: StopService,
  ) {}

  @On('callback_query')
  async pressed(@Ctx() ctx: Context): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query) return;
    const record = updateRecordOf(ctx);
    let answer: string | undefined = BUTTON_ANSWERS.internal;
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
        case 'question':
          answer = await this.questions.press(
            record,
            action.permissionId,
            action.questionIndex,
            action.press,
            query.from,
          );
          return;
        case 'plan':
          answer = await this.plans.press(record, action.permissionId, action.decision, query.from);
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
        case 'new':
        case 'stop':
        case 'trust':
          // These wait for Claude: the presser hears at once that it is under way.
          await this.replies.answerPress(ctx, BUTTON_ANSWERS.underWay(action));
          answer = undefined;
          await this.longPress(ctx, record, action, query.from);
          return;
      }
    } finally {
      if (answer !== undefined) await this.replies.answerPress(ctx, answer);
    }
  }

  private async longPress(
    ctx: Context,
    record: UpdateRecord,
    action: Extract<CallbackAction, { kind: 'new' | 'stop' | 'trust' }>,
    from: Presser,
  ): Promise<void> {
    const by = presserName(from);
    switch (action.kind) {
      case 'new':
        // Like /new with that project: the answer goes under the list.
        await this.answerer.answer(ctx, async () => {
          record.untouched = NOTHING_STARTED;
          const server = this.servers.get(action.serverId);
          if (!server) throw BotError.projectsChanged(action.serverId);
          const settings = launchSettingsOf(server.config);
          const folder = settings.projects[action.projectIndex];
          if (folder === undefined || folderTag(folder) !== action.folderTag) {
            throw BotError.projectsChanged(action.serverId);
          }
          record.fields.server = server.config.id;
          const result = await this.launch.start({
            server,
            folder,
            prompt: '',
            chatId: record.chatId ?? '',
            requestedBy: by,
          });
          return launchAnswer(result, settings.claudeCommand);
        });
        return;
      case 'trust':
        await this.answerer.answer(ctx, async () => {
          record.untouched = NOTHING_STARTED;
          const result = await this.launch.answerTrust(action.launchId, action.trust);
          if (result.kind !== 'over') {
            await this.replies.editPressed(ctx, trustAnsweredHtml(result.launch, action.trust, by));
          }
          const settings = this.servers.get(result.launch.serverId)?.config;
          return launchAnswer(result, settings ? launchSettingsOf(settings).claudeCommand : []);
        });
        return;
      case 'stop': {
        if (action.step === 'keep') {
          // The question is answered in its own message: nothing else to say.
          const session = await this.targets.byId(action.sessionId).catch(() => undefined);
          if (session) await this.replies.editPressed(ctx, keptHtml(session, by));
          return;
        }
        await this.answerer.answer(ctx, async () => {
          const session = await this.targets.byId(action.sessionId);
          noteSession(record, session);
          if (action.step === 'sure') {
            await this.replies.editPressed(ctx, stoppingHtml(session, by));
          }
          return stopAnswer(await this.stopper.stop(session, action.step === 'sure'));
        });
        return;
      }
    }
  }
}
