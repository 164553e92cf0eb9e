import { askedQuestionsOf, questionAnswerText } from '@ccr/protocol';
import {
  AnswerOutOfRangeError,
  PermissionNotFoundError,
  RequestKindMismatchError,
  type AnswerResult,
  type PermissionView,
} from '@ccr/session-data-access';
import { escapeHtml, requestOutcomeWords } from '@ccr/telegram-format';
import { EXPIRED_ANSWER, REQUEST_GONE_ANSWER } from '../approvals/approval-answer.util';
import { BUTTON_ANSWERS } from '../buttons/button-answer.util';
import { noteSession, type UpdateRecord } from '../telegram/update-record.util';

/*
 * What hub-bot says about a press on a question's or a plan's buttons (a callback answer,
 * plain text, at most 200 characters, clipped by TelegramReplies) and about a reply to their
 * messages (Telegram HTML, under the reply).
 */

export const REQUEST_ANSWERS = {
  replyForOther: 'Reply to the question with your own answer',
  replyForFeedback: 'Reply to the plan with what Claude should change',
  chooseFirst: 'Choose an option first, or reply to the question with your own answer',
  approved: 'Approved: Claude leaves plan mode',
  noWords: 'Write your answer as text',
} as const;

/** The answer to a question as Claude will read it, or null while it names nothing. */
export function answerOf(request: PermissionView, questionIndex: number): string | null {
  const question = askedQuestionsOf(request.toolInput)?.[questionIndex];
  const answer = request.answers.find((a) => a.questionIndex === questionIndex);
  if (!question || !answer) return null;
  return questionAnswerText(question, {
    options: answer.options,
    ...(answer.otherText ? { other: answer.otherText } : {}),
  });
}

/** The header (or the text) of a question, to name it in a reply. */
export function questionName(request: PermissionView, questionIndex: number): string {
  const question = askedQuestionsOf(request.toolInput)?.[questionIndex];
  return question?.header.trim() || question?.question || `question ${questionIndex + 1}`;
}

/**
 * Why an answer changed nothing, in the words a press is answered with: the request is
 * closed (how, and by whom), its time is up, this question has its answer, or nothing was
 * chosen. Null when the answer changed something.
 */
export function refusalWords(result: AnswerResult, questionIndex?: number): string | null {
  const { request } = result;
  switch (result.refusal) {
    case undefined:
      return null;
    case 'expired':
      return EXPIRED_ANSWER;
    case 'empty':
      return questionIndex === undefined ? REQUEST_ANSWERS.noWords : REQUEST_ANSWERS.chooseFirst;
    case 'answered': {
      const answer = questionIndex === undefined ? null : answerOf(request, questionIndex);
      const by = request.answers.find((a) => a.questionIndex === questionIndex)?.answeredBy;
      return `Already answered: ${answer ?? 'answered'}${by ? ` by ${by}` : ''}`;
    }
    case 'closed': {
      if (request.status === 'expired' || request.status === 'pending') return EXPIRED_ANSWER;
      const by =
        request.decidedBy && request.status !== 'answered-on-server'
          ? ` by ${request.decidedBy}`
          : '';
      return `Already answered: ${requestOutcomeWords(request.kind, request.status)}${by}`;
    }
  }
}

/** A reply's answer, as HTML: the same words, escaped. */
export function refusalHtml(words: string): string {
  return `⚠️ ${escapeHtml(words)}`;
}

/**
 * Runs an AnswerStore call for an update and notes on its record what came of it; resolves
 * with the result, or with the words for a request that is gone or a button it does not have
 * (an old or forged one).
 */
export async function recordAnswer(
  record: UpdateRecord,
  call: () => Promise<AnswerResult>,
): Promise<AnswerResult | string> {
  let result: AnswerResult;
  try {
    result = await call();
  } catch (error) {
    if (error instanceof PermissionNotFoundError) {
      record.fields.outcome = 'ignored';
      record.fields.error_code = 'PERMISSION_NOT_FOUND';
      return REQUEST_GONE_ANSWER;
    }
    if (error instanceof RequestKindMismatchError || error instanceof AnswerOutOfRangeError) {
      record.fields.outcome = 'ignored';
      record.fields.error_code = 'UNKNOWN_BUTTON';
      return BUTTON_ANSWERS.unknown;
    }
    throw error;
  }
  noteSession(record, result.session);
  record.fields.outcome = result.changed ? 'ok' : 'ignored';
  if (result.refusal) record.fields.error_code = `ANSWER_${result.refusal.toUpperCase()}`;
  return result;
}
