import { Injectable } from '@nestjs/common';
import type { PermissionDecision } from '@ccr/protocol';
import {
  type DecideResult,
  OutboxStore,
  PermissionNotFoundError,
  PermissionStore,
} from '@ccr/session-data-access';
import type { Logger } from 'pino';
import { TelegramError, type Telegram } from 'telegraf';
import { withTelegramRetry } from '../telegram/reply.util';
import { noteSession, type UpdateRecord } from '../telegram/update-record.util';
import {
  REQUEST_GONE_ANSWER,
  decidedMessageHtml,
  decisionAnswer,
  presserName,
  type Presser,
} from './approval-answer.util';

function isNotModified(error: unknown): boolean {
  return error instanceof TelegramError && /message is not modified/i.test(error.description);
}

/**
 * Allow / Allow for session / Deny: records the first answer to a permission request (hub-api's
 * long poll sees it and the CLI prints it), then edits the request's messages to the outcome.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly permissions: PermissionStore,
    private readonly outbox: OutboxStore,
  ) {}

  /** Decides the request as `from` pressed; resolves with the callback answer's text. */
  async press(
    telegram: Telegram,
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
      await this.showOutcome(telegram, record.log, result, now);
    } else {
      record.fields.outcome = 'ignored';
      record.fields.error_code = `PERMISSION_${result.request.status.toUpperCase().replace(/-/g, '_')}`;
    }
    return decisionAnswer(result);
  }

  /**
   * Edits every message that carries the request's buttons to the outcome, without buttons. A
   * message that cannot be edited (deleted, too old) keeps its buttons, and a press on them
   * says the request was answered: that is logged, not fatal.
   */
  private async showOutcome(
    telegram: Telegram,
    log: Logger,
    result: DecideResult,
    now: Date,
  ): Promise<void> {
    const html = decidedMessageHtml(result, now);
    for (const { chatId, messageId } of await this.outbox.sentMessageOf(result.request.id)) {
      try {
        await withTelegramRetry(() =>
          telegram.editMessageText(chatId, messageId, undefined, html, { parse_mode: 'HTML' }),
        );
      } catch (error) {
        if (isNotModified(error)) continue;
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
