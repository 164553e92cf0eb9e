import {
  askedQuestionsOf,
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
import type { QuestionAnswerView } from '@ccr/session-domain';
import { formatPlan, planKeyboard, type PlanMessageInput } from './plan-message.util';
import {
  formatQuestion,
  questionKeyboard,
  type QuestionMessageInput,
} from './question-message.util';
import { UNANSWERED_WORDS, type RequestOrigin } from './request-layout.util';

/** A request as the hub stores it, as far as its messages show it. */
export interface StoredRequest extends StoredPermissionRequest {
  id: number;
  /** A question request's answers so far. */
  answers?: QuestionAnswerView[];
  /** A plan sent back: what the person wrote. */
  feedback?: string | null;
  /** When Keep planning asked for that feedback. */
  feedbackAskedAt?: Date | null;
}

/** One of a request's messages: its HTML, and its buttons while it waits for that answer. */
export interface RequestMessage {
  html: string;
  replyMarkup?: InlineKeyboardMarkup;
}

/**
 * How many messages a request is shown in: one per question of a question request, one for
 * anything else (a long plan's whole text follows its message as a document: planDocument).
 * Known from the request alone, so that the hub queues them when it stores it.
 */
export function requestMessageCount(toolName: string, toolInput: Record<string, unknown>): number {
  return requestKindOf(toolName, toolInput) === 'question'
    ? (askedQuestionsOf(toolInput)?.length ?? 1)
    : 1;
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
        return { html: formatQuestion(input), replyMarkup: questionKeyboard(input) };
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
      return [{ html: formatPlan(input), replyMarkup: planKeyboard(input) }];
    }
    case 'permission': {
      const waiting = request.status === 'pending';
      return [
        {
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
