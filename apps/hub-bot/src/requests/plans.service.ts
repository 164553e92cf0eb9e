import { Injectable } from '@nestjs/common';
import { AnswerStore } from '@ccr/session-data-access';
import type { PlanDecision } from '@ccr/telegram-format';
import { presserName, type Presser } from '../approvals/approval-answer.util';
import type { UpdateRecord } from '../telegram/update-record.util';
import { recordAnswer, refusalHtml, refusalWords, REQUEST_ANSWERS } from './request-answer.util';
import { RequestMessages } from './request-messages.service';

/**
 * Approve and Keep planning under Claude's plan (ExitPlanMode), and the feedback a reply to
 * it gives: written to the database (AnswerStore), where hub-api's long poll finds the
 * decision; the plan's message is edited to show it.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly answers: AnswerStore,
    private readonly messages: RequestMessages,
  ) {}

  /** A press on Approve or Keep planning; resolves with the callback answer's text. */
  async press(
    record: UpdateRecord,
    permissionId: number,
    decision: PlanDecision,
    from: Presser,
  ): Promise<string> {
    const result = await recordAnswer(record, () =>
      decision === 'approve'
        ? this.answers.approvePlan(permissionId, presserName(from))
        : this.answers.askFeedback(permissionId),
    );
    if (typeof result === 'string') return result;
    const refused = refusalWords(result);
    if (refused !== null) return refused;
    await this.messages.refresh(record.log, result);
    return decision === 'approve' ? REQUEST_ANSWERS.approved : REQUEST_ANSWERS.replyForFeedback;
  }

  /** A reply to the plan's message: the plan goes back with these words. Resolves with HTML. */
  async reply(
    record: UpdateRecord,
    permissionId: number,
    feedback: string,
    from: Presser,
  ): Promise<string> {
    const result = await recordAnswer(record, () =>
      this.answers.sendBackPlan(permissionId, feedback, presserName(from)),
    );
    if (typeof result === 'string') return refusalHtml(result);
    const refused = refusalWords(result);
    if (refused !== null) return refusalHtml(refused);
    await this.messages.refresh(record.log, result);
    return '✏️ Sent the plan back to Claude with your words: it keeps planning.';
  }
}
