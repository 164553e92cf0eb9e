import { presentedPlanOf, type PermissionStatus } from '@ccr/protocol';
import { planCallbackData } from './callback-data.util';
import { clipText } from '@ccr/shared-util';
import { escapeAndCut } from './html.util';
import type { InlineKeyboardMarkup } from './keyboard.util';
import { cutBlock, markdownBlocks, markdownToTelegramHtml } from './markdown.util';
import type { ReplyDocument } from './notification-message.util';
import {
  FIELD_BOUNDS,
  answerLine,
  byWhom,
  clockTime,
  field,
  headerLines,
  unansweredLine,
  type RequestHeading,
  type RequestOrigin,
} from './request-layout.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

export const PLAN_HEADING: RequestHeading = { icon: '📋', title: "Claude's Plan" };

/**
 * A plan whose HTML is longer than this is also sent whole as a document after its message,
 * which shows its beginning. Fixed, not the room a message happens to leave, so that whether a
 * document follows is known from the plan alone; whatever the frame holds, the message still
 * has this much room for the plan.
 */
export const PLAN_MESSAGE_ROOM = 2800;

/** Bound on the feedback a sent-back plan's message repeats. */
const FEEDBACK_BOUND = 600;

export const PLAN_TEXT = {
  approve: '✅ Approve',
  keep: '✏️ Keep planning',
  replyForFeedback: '✍️ Reply to this message with what Claude should change.',
  noPlan: '<i>Claude wrote no plan: it asks to leave plan mode.</i>',
} as const;

/** Everything a plan's message shows. */
export interface PlanMessageInput {
  origin: RequestOrigin;
  permissionId: number;
  toolInput: Record<string, unknown>;
  status: PermissionStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  feedback: string | null;
  feedbackAskedAt: Date | null;
  expiresAt: Date;
  now: Date;
}

/** True when the plan is also sent as a document: its HTML does not fit PLAN_MESSAGE_ROOM. */
export function planNeedsDocument(toolInput: Record<string, unknown>): boolean {
  const { text } = presentedPlanOf(toolInput);
  return text !== null && markdownToTelegramHtml(text).length > PLAN_MESSAGE_ROOM;
}

/** Bound on the document's file name. */
const FILE_NAME_BOUND = 120;

/** The plan file's name on the server, for the document; `plan.md` when there is none. */
export function planFileName(toolInput: Record<string, unknown>): string {
  const { filePath } = presentedPlanOf(toolInput);
  const name = filePath?.split('/').pop()?.trim() ?? '';
  return name === '' ? 'plan.md' : clipText(name, FILE_NAME_BOUND);
}

/**
 * The plan's beginning that fits `room`: whole blocks, then as many lines of the next one as
 * fit; and whether something was left out.
 */
function fittedPlan(text: string, room: number): { html: string; cut: boolean } {
  const blocks = markdownBlocks(text);
  const taken: string[] = [];
  let used = 0;
  for (const block of blocks) {
    const gap = taken.length > 0 ? 2 : 0;
    if (used + gap + block.html.length <= room) {
      taken.push(block.html);
      used += gap + block.html.length;
      continue;
    }
    const part = cutBlock(block, room - used - gap);
    if (part !== null) taken.push(part);
    // Not even a line of the first block fits: its text, plain.
    else if (taken.length === 0) taken.push(escapeAndCut(block.source, room));
    return { html: taken.join('\n\n'), cut: true };
  }
  return { html: taken.join('\n\n'), cut: false };
}

function outcomeLine(input: PlanMessageInput): string {
  const when = input.decidedAt === null ? '' : ` at ${clockTime(input.decidedAt)}`;
  const who = byWhom(input.decidedBy);
  switch (input.status) {
    case 'pending':
      return answerLine(input.expiresAt, input.now);
    case 'allow':
    case 'allow-session':
      return `✅ Approved${who}${when}: Claude leaves plan mode`;
    case 'deny': {
      const feedback = input.feedback?.trim();
      const words = feedback ? `: <i>${escapeAndCut(feedback, FEEDBACK_BOUND)}</i>` : '';
      return `✏️ Sent back to planning${who}${when}${words}`;
    }
    case 'expired':
    case 'answered-on-server':
      return unansweredLine(input.status);
  }
}

/**
 * A plan as a Telegram HTML message of at most TELEGRAM_MESSAGE_LIMIT characters: the plan's
 * Markdown rendered (its beginning, when it is long: the whole comes as a document after it),
 * its file when Claude Code gave only that, and how it stands; to send with planKeyboard()
 * while it waits.
 */
export function formatPlan(input: PlanMessageInput): string {
  const header = headerLines(PLAN_HEADING, input.origin);
  const { text, filePath } = presentedPlanOf(input.toolInput);
  const last = [
    ...(input.status === 'pending' && input.feedbackAskedAt !== null
      ? [PLAN_TEXT.replyForFeedback]
      : []),
    outcomeLine(input),
  ];
  const fileLine =
    filePath === null ? null : `📄 <code>${field(filePath, FIELD_BOUNDS.filePath)}</code>`;
  let body: string[];
  if (text === null) {
    body = fileLine === null ? [PLAN_TEXT.noPlan] : [`The plan is on the server: ${fileLine}`];
  } else {
    const document = planNeedsDocument(input.toolInput);
    const note = document
      ? `<i>… the whole plan is in ${escapeAndCut(planFileName(input.toolInput), FILE_NAME_BOUND)}, sent below</i>`
      : `<i>… cut here: the whole plan is on the server${fileLine === null ? '' : ` in ${fileLine}`}</i>`;
    const frame = [...header, '', '', '', note, fileLine ?? '', '', ...last].join('\n').length;
    const room = Math.min(TELEGRAM_MESSAGE_LIMIT - frame, document ? PLAN_MESSAGE_ROOM : Infinity);
    const plan = fittedPlan(text, room);
    body = plan.cut || document ? [plan.html, note] : [plan.html];
    if (!document && !plan.cut && fileLine !== null) body.push(fileLine);
  }
  return [...header, '', ...body, '', ...last].join('\n');
}

/** Approve and Keep planning, under a plan that waits; undefined once it is decided. */
export function planKeyboard(input: PlanMessageInput): InlineKeyboardMarkup | undefined {
  if (input.status !== 'pending') return undefined;
  return {
    inline_keyboard: [
      [
        { text: PLAN_TEXT.approve, callback_data: planCallbackData(input.permissionId, 'approve') },
        { text: PLAN_TEXT.keep, callback_data: planCallbackData(input.permissionId, 'keep') },
      ],
    ],
  };
}

/**
 * A long plan, whole, as a Markdown file with the caption that says whose it is, to send
 * under its message (as a reply too long for its message is: ReplyDocument); null for a plan
 * that fits its message.
 */
export function planDocument(
  toolInput: Record<string, unknown>,
  origin: Pick<RequestOrigin, 'sessionName' | 'project'>,
): ReplyDocument | null {
  const { text } = presentedPlanOf(toolInput);
  if (text === null || !planNeedsDocument(toolInput)) return null;
  return {
    fileName: planFileName(toolInput),
    content: text.endsWith('\n') ? text : `${text}\n`,
    captionHtml: `📋 The whole plan · <code>${field(origin.sessionName, FIELD_BOUNDS.sessionName)}</code> · ${field(origin.project, FIELD_BOUNDS.project)}`,
  };
}
