import {
  askedQuestionsOf,
  presentedPlanOf,
  requestKindOf,
  type PermissionStatus,
  type RequestKind,
} from '@ccr/protocol';
import { permissionKeyboard, type InlineKeyboardMarkup } from './keyboard.util';
import {
  permissionOutcomeMessage,
  permissionOutcomeWords,
  permissionRequestMessage,
  type PermissionRequestSession,
  type StoredPermissionRequest,
} from './permission-message.util';
import {
  formatPlan,
  planDocumentCaption,
  planFileName,
  planKeyboard,
  planNeedsDocument,
  type PlanMessageInput,
} from './plan-message.util';
import {
  formatQuestion,
  questionKeyboard,
  type QuestionMessageInput,
  type StoredQuestionAnswer,
} from './question-message.util';
import { UNANSWERED_WORDS, type RequestOrigin } from './request-layout.util';

/** A request as the hub stores it, as far as its messages show it. */
export interface StoredRequest extends StoredPermissionRequest {
  id: number;
  /** A question request's answers so far. */
  answers?: StoredQuestionAnswer[];
  /** A plan sent back: what the person wrote. */
  feedback?: string | null;
  /** When Keep planning asked for that feedback. */
  feedbackAskedAt?: Date | null;
}

/** One of a request's messages: a text with its buttons while it waits, or a document. */
export type RequestMessage =
  | { kind: 'text'; html: string; replyMarkup?: InlineKeyboardMarkup }
  | { kind: 'document'; fileName: string; content: string; caption: string };

/**
 * How many messages a request is shown in: one per question of a question request, a plan's
 * message and, for a long plan, its document; one for anything else. Known from the request
 * alone, so that the hub queues them when it stores it.
 */
export function requestMessageCount(toolName: string, toolInput: Record<string, unknown>): number {
  switch (requestKindOf(toolName, toolInput)) {
    case 'question':
      return askedQuestionsOf(toolInput)?.length ?? 1;
    case 'plan':
      return planNeedsDocument(toolInput) ? 2 : 1;
    case 'permission':
      return 1;
  }
}

function originOf(session: PermissionRequestSession): RequestOrigin {
  return {
    serverId: session.serverId,
    project: session.project,
    sessionName: session.name,
    token: session.token,
    hostname: session.hostname,
  };
}

/**
 * Every message of a request, in order (the outbox's `part` is the index), as it stands now:
 * with its buttons while it waits for that answer, without once it is answered or closed.
 * hub-api sends them and edits them when the request closes; hub-bot edits them as people
 * answer; both build them here, so that they always agree.
 */
export function requestMessages(
  request: StoredRequest,
  session: PermissionRequestSession,
  now: Date,
): RequestMessage[] {
  const origin = originOf(session);
  switch (requestKindOf(request.toolName, request.toolInput)) {
    case 'question': {
      const questions = askedQuestionsOf(request.toolInput) ?? [];
      return questions.map((_question, index) => {
        const input: QuestionMessageInput = {
          origin,
          permissionId: request.id,
          questions,
          index,
          answer: request.answers?.find((answer) => answer.questionIndex === index),
          status: request.status,
          expiresAt: request.expiresAt,
          now,
        };
        return { kind: 'text', html: formatQuestion(input), replyMarkup: questionKeyboard(input) };
      });
    }
    case 'plan': {
      const input: PlanMessageInput = {
        origin,
        permissionId: request.id,
        toolInput: request.toolInput,
        status: request.status,
        decidedBy: request.decidedBy,
        decidedAt: request.decidedAt,
        feedback: request.feedback ?? null,
        feedbackAskedAt: request.feedbackAskedAt ?? null,
        expiresAt: request.expiresAt,
        now,
      };
      const message: RequestMessage = {
        kind: 'text',
        html: formatPlan(input),
        replyMarkup: planKeyboard(input),
      };
      if (!planNeedsDocument(request.toolInput)) return [message];
      return [
        message,
        {
          kind: 'document',
          fileName: planFileName(request.toolInput),
          content: presentedPlanOf(request.toolInput).text ?? '',
          caption: planDocumentCaption(origin),
        },
      ];
    }
    case 'permission': {
      const waiting = request.status === 'pending';
      return [
        {
          kind: 'text',
          html: waiting
            ? permissionRequestMessage(request, session, now)
            : permissionOutcomeMessage(request, session, now),
          replyMarkup: waiting ? permissionKeyboard(request.id) : undefined,
        },
      ];
    }
  }
}

/**
 * A request's status in a few words, as a press on it is answered: the words of a permission
 * (permissionOutcomeWords), and for a question or a plan, their own.
 */
export function requestOutcomeWords(kind: RequestKind, status: PermissionStatus): string {
  if (kind === 'permission') return permissionOutcomeWords(status);
  switch (status) {
    case 'allow':
    case 'allow-session':
      return kind === 'plan' ? 'Approved' : 'Answered';
    case 'deny':
      return kind === 'plan' ? 'Sent back to planning' : 'Declined';
    case 'expired':
    case 'answered-on-server':
      return UNANSWERED_WORDS[status];
    case 'pending':
      return 'Waiting';
  }
}
