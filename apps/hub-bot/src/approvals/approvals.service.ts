import { Injectable } from '@nestjs/common';
import type { PermissionDecision } from '@ccr/protocol';
import {
  type DecideResult,
  PermissionNotFoundError,
  PermissionStore,
  RequestKindMismatchError,
} from '@ccr/session-data-access';
import { BUTTON_ANSWERS } from '../buttons/button-answer.util';
import { RequestMessages } from '../requests/request-messages.service';
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
    private readonly messages: RequestMessages,
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
      if (error instanceof RequestKindMismatchError) {
        // Allow / Deny under a question or a plan: not a button this bot put there.
        record.fields.outcome = 'ignored';
        record.fields.error_code = 'UNKNOWN_BUTTON';
        return BUTTON_ANSWERS.unknown;
      }
      if (!(error instanceof PermissionNotFoundError)) throw error;
      record.fields.outcome = 'ignored';
      record.fields.error_code = 'PERMISSION_NOT_FOUND';
      return REQUEST_GONE_ANSWER;
    }
    noteSession(record, result.session);
    if (result.changed) {
      record.fields.outcome = 'ok';
      // Every message of the request, edited to the outcome without buttons.
      await this.messages.refresh(record.log, result);
    } else {
      record.fields.outcome = 'ignored';
      record.fields.error_code = `PERMISSION_${result.request.status.toUpperCase().replace(/-/g, '_')}`;
    }
    return decisionAnswer(result);
  }
}
