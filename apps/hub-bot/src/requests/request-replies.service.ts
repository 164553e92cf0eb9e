import { Injectable } from '@nestjs/common';
import { OutboxStore, PermissionStore } from '@ccr/session-data-access';
import type { Presser } from '../approvals/approval-answer.util';
import type { UpdateRecord } from '../telegram/update-record.util';
import { PlansService } from './plans.service';
import { QuestionsService } from './questions.service';

/**
 * A reply to a question's message is that question's answer in the person's own words; a
 * reply to a plan's message sends the plan back with it as feedback. Replies to anything else
 * are not theirs: they are typed into the session, as before.
 */
@Injectable()
export class RequestReplies {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly permissions: PermissionStore,
    private readonly questions: QuestionsService,
    private readonly plans: PlansService,
  ) {}

  /**
   * Takes the reply when it answers a question or a plan, resolving with the HTML to answer it
   * with; null when the replied-to message is not one of theirs.
   */
  async take(
    record: UpdateRecord,
    chatId: string,
    repliedTo: number,
    text: string,
    from: Presser,
  ): Promise<string | null> {
    const ref = await this.outbox.requestMessageAt(chatId, repliedTo);
    if (ref === null) return null;
    const found = await this.permissions.getById(ref.permissionId);
    switch (found?.request.kind) {
      case 'question':
        record.fields.command = 'answer';
        record.fields.text_length = text.length;
        return this.questions.reply(record, ref.permissionId, ref.part, text, from);
      case 'plan':
        record.fields.command = 'feedback';
        record.fields.text_length = text.length;
        return this.plans.reply(record, ref.permissionId, text, from);
      default:
        return null;
    }
  }
}
