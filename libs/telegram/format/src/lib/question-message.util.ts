import {
  questionAnswerText,
  type AskedQuestion,
  type PermissionStatus,
  type QuestionAnswer,
} from '@ccr/protocol';
import type { QuestionAnswerView } from '@ccr/session-domain';
import { clipText } from '@ccr/shared-util';
import { questionCallbackData } from './callback-data.util';
import { escapeAndCut } from './html.util';
import type { InlineKeyboardMarkup } from './keyboard.util';
import {
  answerLine,
  byWhom,
  clockTime,
  headerLines,
  unansweredLine,
  type RequestHeading,
  type RequestOrigin,
} from './request-layout.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

export const QUESTION_HEADING: RequestHeading = { icon: '❓', title: 'Claude Asks' };

/** Everything one question's message shows. */
export interface QuestionMessageInput {
  origin: RequestOrigin;
  permissionId: number;
  questions: AskedQuestion[];
  index: number;
  answer: QuestionAnswerView | undefined;
  status: PermissionStatus;
  expiresAt: Date;
  now: Date;
}

/** Bounds, in escaped characters, on a question's parts; descriptions give way first. */
const BOUNDS = { header: 200, question: 1000, label: 100, description: 400, answer: 600 };
/** Longest button text; Telegram cuts longer ones on screen anyway. */
const BUTTON_TEXT = 60;

export const QUESTION_TEXT = {
  chooseAny: 'Choose any, then press Done.',
  replyForOther: '✍️ Reply to this message with your own answer.',
  waitingForOthers: '⏳ Waiting for the answers to the other questions',
  other: '✍️ Other…',
  done: '✔️ Done',
} as const;

/** The answer as Claude will read it, or null while it names nothing. */
function answerText(
  question: AskedQuestion,
  answer: QuestionAnswerView | undefined,
): string | null {
  if (!answer) return null;
  const wire: QuestionAnswer = {
    options: answer.options,
    ...(answer.otherText ? { other: answer.otherText } : {}),
  };
  return questionAnswerText(question, wire);
}

function optionLines(input: QuestionMessageInput, descriptionBound: number): string[] {
  const question = input.questions[input.index];
  if (!question) return [];
  const chosen = new Set(input.answer?.options ?? []);
  const lines = question.options.map((option, i) => {
    const mark = question.multiSelect && chosen.has(i) ? '☑ ' : '';
    const label = `<b>${escapeAndCut(option.label, BOUNDS.label)}</b>`;
    const description =
      option.description.trim() === '' || descriptionBound <= 0
        ? ''
        : `: ${escapeAndCut(option.description.trim(), descriptionBound)}`;
    return `${mark}${i + 1}. ${label}${description}`;
  });
  const words = input.answer?.otherText;
  if (question.multiSelect && words) {
    lines.push(`☑ ✍️ <i>${escapeAndCut(words, BOUNDS.answer)}</i>`);
  }
  return lines;
}

function lastLines(input: QuestionMessageInput, question: AskedQuestion): string[] {
  const { answer, status } = input;
  const answered = answer?.answeredAt ? answerText(question, answer) : null;
  const lines: string[] = [];
  if (answered !== null && answer?.answeredAt) {
    lines.push(
      `✅ ${escapeAndCut(answered, BOUNDS.answer)} · answered${byWhom(answer.answeredBy)} at ${clockTime(answer.answeredAt)}`,
    );
  }
  switch (status) {
    case 'pending':
      if (answered === null) {
        if (question.multiSelect) lines.unshift(`<i>${QUESTION_TEXT.chooseAny}</i>`);
        if (answer?.otherAskedAt) lines.unshift(QUESTION_TEXT.replyForOther);
        lines.push(answerLine(input.expiresAt, input.now));
      } else {
        lines.push(QUESTION_TEXT.waitingForOthers);
      }
      return lines;
    case 'expired':
    case 'answered-on-server':
      return [...lines, unansweredLine(status)];
    case 'allow':
    case 'allow-session':
      return answered === null ? [...lines, '✅ Answered'] : lines;
    case 'deny':
      return [...lines, '⛔ Declined'];
  }
}

/**
 * One question of a question request as a Telegram HTML message of at most
 * TELEGRAM_MESSAGE_LIMIT characters: its header, the question, each option with its
 * description, and what has been answered; to send with questionKeyboard() while it waits.
 */
export function formatQuestion(input: QuestionMessageInput): string {
  const question = input.questions[input.index];
  if (!question) throw new RangeError(`no question ${input.index}`);
  const of =
    input.questions.length > 1
      ? `question ${input.index + 1} of ${input.questions.length}`
      : undefined;
  const header = headerLines(QUESTION_HEADING, input.origin, of);
  const heading = question.header.trim();
  const asked = [
    ...(heading === '' ? [] : [`<b>${escapeAndCut(heading, BOUNDS.header)}</b>`]),
    escapeAndCut(question.question, BOUNDS.question),
  ];
  const last = lastLines(input, question);
  const render = (descriptionBound: number): string =>
    [...header, '', ...asked, '', ...optionLines(input, descriptionBound), '', ...last].join('\n');
  // Descriptions give way until the message fits; the rest is bounded to leave them room.
  for (let bound = BOUNDS.description; bound > 16; bound = Math.floor(bound / 2)) {
    const html = render(bound);
    if (html.length <= TELEGRAM_MESSAGE_LIMIT) return html;
  }
  return render(0);
}

/**
 * The buttons under a question that waits: one per option (a single choice answers it; a
 * multiple choice toggles, ☑ marking the chosen), Other… (a reply with one's own words), and
 * Done for a multiple choice. Undefined once it is answered: it takes no more presses.
 */
export function questionKeyboard(input: QuestionMessageInput): InlineKeyboardMarkup | undefined {
  const question = input.questions[input.index];
  if (!question || input.status !== 'pending' || input.answer?.answeredAt) return undefined;
  const chosen = new Set(input.answer?.options ?? []);
  const rows = question.options.map((option, optionIndex) => {
    const mark = question.multiSelect ? (chosen.has(optionIndex) ? '☑ ' : '☐ ') : '';
    return [
      {
        text: clipText(`${mark}${option.label}`, BUTTON_TEXT),
        callback_data: questionCallbackData(input.permissionId, input.index, {
          kind: 'option',
          optionIndex,
        }),
      },
    ];
  });
  const other = {
    text: QUESTION_TEXT.other,
    callback_data: questionCallbackData(input.permissionId, input.index, { kind: 'other' }),
  };
  const done = {
    text: QUESTION_TEXT.done,
    callback_data: questionCallbackData(input.permissionId, input.index, { kind: 'done' }),
  };
  return { inline_keyboard: [...rows, question.multiSelect ? [other, done] : [other]] };
}
