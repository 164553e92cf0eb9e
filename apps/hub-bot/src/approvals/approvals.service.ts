import { Injectable } from '@nestjs/common';
import type { PermissionDecision } from '@ccr/protocol';
import {
  type DecideResult,
  OutboxStore,
  PermissionNotFoundError,
  PermissionStore,
} from '@ccr/session-data-access';
import { TelegramBotApi } from '@ccr/telegram-bot-api';
import { permissionOutcomeMessage } from '@ccr/telegram-format';
import type { Logger } from 'pino';
import { noteSession, type UpdateRecord } from '../telegram/update-record.util';
import {
  REQUEST_GONE_ANSWER,
  decisionAnswer,
  presserName,
  type Presser,
} from './approval-answer.util';

/**
 * Allow / Allow for session / Deny: records the first answer to a permission request (hub-api's
 * long poll sees it and the CLI prints it), then edits the request's messages to the outcome.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly permissions: PermissionStore,
    private readonly outbox: OutboxStore,
    private readonly telegram: TelegramBotApi,
  ) {}

  /** Decides the request as `from` pressed; resolves with the callback answer's text. */
  async press(
    record: UpdateRecord,
    permissionId: number,
    decision: PermissionDecision,
    from: Presser,
  ): Promise<string> {
    let result: DecideResult;
    try {
      result = await this.permissions.decide(permissionId, decision, presserName(from));
    } catch (error) {
      if (!(error instanceof PermissionNotFoundError)) throw error;
      record.fields.outcome = 'ignored';
      record.fields.error_code = 'PERMISSION_NOT_FOUND';
      return REQUEST_GONE_ANSWER;
    }
    noteSession(record, result.session);
    const now = new Date();
    if (result.changed) {
      record.fields.outcome = 'ok';
      await this.showOutcome(record.log, result, now);
    } else {
      record.fields.outcome = 'ignored';
      record.fields.error_code = `PERMISSION_${result.request.status.toUpperCase().replace(/-/g, '_')}`;
    }
    return decisionAnswer(result);
  }

  /**
   * Edits every message that carries the request's buttons to the outcome, without buttons. A
   * message that cannot be edited (deleted, too old) keeps its buttons, and a press on them
   * says the request was answered: that is logged, not fatal. hub-api edits the same messages
   * to the same text when a request expires, so whichever edit comes second changes nothing.
   */
  private async showOutcome(log: Logger, result: DecideResult, now: Date): Promise<void> {
    const html = permissionOutcomeMessage(result.request, result.session, now);
    for (const { chatId, messageId } of await this.outbox.sentMessageOf(result.request.id)) {
      try {
        await this.telegram.editMessageText(chatId, messageId, html);
      } catch (error) {
        log.warn({
          msg: 'could not edit the permission message to its outcome',
          permission_id: result.request.id,
          chat_id: chatId,
          message_id: messageId,
          err: error,
        });
      }
    }
  }
}
