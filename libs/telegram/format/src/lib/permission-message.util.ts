import type { PermissionStatus } from '@ccr/protocol';
import type { SessionView } from '@ccr/session-domain';
import { escapeAndCut } from './html.util';
import {
  FIELD_BOUNDS,
  answerLine as timeLeftLine,
  byWhom,
  clockTime,
  field,
  headerLines as frameHeader,
  textOf,
  unansweredLine,
  UNANSWERED_WORDS,
  type RequestOrigin,
} from './request-layout.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

export { clockTime, formatDuration } from './request-layout.util';

/** What the hub knows about a permission request when it shows it. */
export interface PermissionMessageInput extends RequestOrigin {
  toolName: string;
  toolInput: Record<string, unknown>;
  /** When the CLI stops waiting and Claude Code's own dialog alone decides. */
  expiresAt: Date;
  /** The time the message is formatted at, for "Answer within …". */
  now: Date;
}

/** A permission request once it was answered, or nobody did. */
export interface PermissionOutcomeInput extends PermissionMessageInput {
  outcome: PermissionStatus;
  /** Who answered, as the hub names them (`@ana`); shown as given. */
  decidedBy?: string | null;
  decidedAt: Date;
}

/** What a permission request's message shows of the request as the hub stores it. */
export interface StoredPermissionRequest {
  toolName: string;
  toolInput: Record<string, unknown>;
  status: PermissionStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  expiresAt: Date;
}

/** What a permission request's message shows of its session. */
export type PermissionRequestSession = Pick<
  SessionView,
  'serverId' | 'project' | 'name' | 'token' | 'hostname'
>;

export const PERMISSION_HEADING = { icon: '🔐', title: 'Claude Asks Permission' } as const;

/** Lines of a file shown per side of an edit, and of a new file's content. */
export const PERMISSION_PREVIEW_LINES = { edit: 12, multiEditPerSide: 6, multiEdits: 5, write: 20 };

/** A code block of plain text, cut to the room the rest of the message leaves. */
interface CodeBlock {
  /** `bash`, `diff`, `json`; none for plain text. */
  language?: string;
  text: string;
}

/** The part of the message about the tool: its heading lines and the block that shows it. */
interface ToolSection {
  lines: string[];
  block: CodeBlock | null;
}

function headerLines(input: PermissionMessageInput): string[] {
  return frameHeader(PERMISSION_HEADING, input);
}

function toolHeading(input: PermissionMessageInput, filePath?: string, extra?: string): string {
  const name = `<b>${field(input.toolName, FIELD_BOUNDS.toolName)}</b>`;
  const path =
    filePath === undefined ? '' : ` <code>${field(filePath, FIELD_BOUNDS.filePath)}</code>`;
  return `${name}${path}${extra === undefined ? '' : ` · ${extra}`}`;
}

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`;
}

/** `text`'s first `max` lines, and a note of how many more there are. */
function firstLines(text: string, max: number): string[] {
  const lines = text.split('\n');
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `… ${plural(lines.length - max, 'more line')}`];
}

/** `- old` / `+ new` lines of one replacement, each side shortened to `maxLines`. */
function diffLines(oldText: string, newText: string, maxLines: number): string[] {
  const side = (text: string, sign: string): string[] =>
    text === '' ? [] : firstLines(text, maxLines).map((line) => `${sign} ${line}`);
  return [...side(oldText, '-'), ...side(newText, '+')];
}

interface Replacement {
  old_string: string;
  new_string: string;
}

function isReplacement(value: unknown): value is Replacement {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['old_string'] === 'string' && typeof record['new_string'] === 'string';
}

function bashSection(input: PermissionMessageInput): ToolSection | null {
  const command = input.toolInput['command'];
  if (typeof command !== 'string') return null;
  const description = textOf(input.toolInput['description']);
  return {
    lines: [
      toolHeading(input),
      ...(description === null ? [] : [`<i>${field(description, FIELD_BOUNDS.description)}</i>`]),
    ],
    block: { language: 'bash', text: command },
  };
}

function editSection(input: PermissionMessageInput, filePath: string): ToolSection | null {
  const { toolInput } = input;
  if (!isReplacement(toolInput)) return null;
  const everywhere = toolInput['replace_all'] === true ? 'every occurrence' : undefined;
  return {
    lines: [toolHeading(input, filePath, everywhere)],
    block: {
      language: 'diff',
      text: diffLines(
        toolInput.old_string,
        toolInput.new_string,
        PERMISSION_PREVIEW_LINES.edit,
      ).join('\n'),
    },
  };
}

function multiEditSection(input: PermissionMessageInput, filePath: string): ToolSection | null {
  const edits = input.toolInput['edits'];
  if (!Array.isArray(edits) || edits.length === 0 || !edits.every(isReplacement)) return null;
  const shown = edits.slice(0, PERMISSION_PREVIEW_LINES.multiEdits);
  const lines = shown.flatMap((edit, index) => [
    ...(edits.length > 1 ? [`@@ edit ${index + 1} of ${edits.length} @@`] : []),
    ...diffLines(edit.old_string, edit.new_string, PERMISSION_PREVIEW_LINES.multiEditPerSide),
  ]);
  if (edits.length > shown.length)
    lines.push(`… ${plural(edits.length - shown.length, 'more edit')}`);
  return {
    lines: [toolHeading(input, filePath, plural(edits.length, 'edit'))],
    block: { language: 'diff', text: lines.join('\n') },
  };
}

function writeSection(input: PermissionMessageInput, filePath: string): ToolSection | null {
  const content = input.toolInput['content'];
  if (typeof content !== 'string') return null;
  const lineCount = content === '' ? 0 : content.split('\n').length;
  return {
    lines: [toolHeading(input, filePath, plural(lineCount, 'line'))],
    block:
      content === ''
        ? null
        : { text: firstLines(content, PERMISSION_PREVIEW_LINES.write).join('\n') },
  };
}

function genericSection(input: PermissionMessageInput): ToolSection {
  const empty = Object.keys(input.toolInput).length === 0;
  return {
    lines: [toolHeading(input)],
    block: empty ? null : { language: 'json', text: JSON.stringify(input.toolInput, null, 2) },
  };
}

/** How the tool is shown: a command, a diff, a file's start, or the input as JSON. */
function toolSection(input: PermissionMessageInput): ToolSection {
  const filePath = textOf(input.toolInput['file_path']);
  let section: ToolSection | null = null;
  if (input.toolName === 'Bash') section = bashSection(input);
  else if (filePath !== null && input.toolName === 'Edit') section = editSection(input, filePath);
  else if (filePath !== null && input.toolName === 'MultiEdit') {
    section = multiEditSection(input, filePath);
  } else if (filePath !== null && input.toolName === 'Write') {
    section = writeSection(input, filePath);
  }
  // A known tool with an input of an unexpected shape is still shown, as JSON.
  return section ?? genericSection(input);
}

function openBlock(block: CodeBlock): string {
  return block.language === undefined ? '<pre>' : `<pre><code class="language-${block.language}">`;
}

function closeBlock(block: CodeBlock): string {
  return block.language === undefined ? '</pre>' : '</code></pre>';
}

/** The whole message, the block's text cut to the room the rest leaves. */
function render(input: PermissionMessageInput, lastLine: string): string {
  const section = toolSection(input);
  const before = [...headerLines(input), '', ...section.lines].join('\n');
  const after = `\n\n${lastLine}`;
  const { block } = section;
  if (block === null) return before + after;
  const open = `\n${openBlock(block)}`;
  const close = closeBlock(block);
  const room = TELEGRAM_MESSAGE_LIMIT - before.length - open.length - close.length - after.length;
  const body = escapeAndCut(block.text.replace(/\s+$/, ''), room);
  // An empty block would only look broken.
  return body === '' ? before + after : `${before}${open}${body}${close}${after}`;
}

function answerLine(input: PermissionMessageInput): string {
  return timeLeftLine(input.expiresAt, input.now);
}

/** A request's status in a few words, as its message and the answer to a button press say it. */
export function permissionOutcomeWords(status: PermissionStatus): string {
  switch (status) {
    case 'allow':
      return 'Allowed';
    case 'allow-session':
      return 'Allowed for this session';
    case 'deny':
      return 'Denied';
    case 'expired':
    case 'answered-on-server':
      return UNANSWERED_WORDS[status];
    case 'pending':
      return 'Waiting';
  }
}

function outcomeLine(input: PermissionOutcomeInput): string {
  const who = byWhom(input.decidedBy);
  const when = ` at ${clockTime(input.decidedAt)}`;
  const words = permissionOutcomeWords(input.outcome);
  switch (input.outcome) {
    case 'allow':
    case 'allow-session':
      return `✅ ${words}${who}${when}`;
    case 'deny':
      return `⛔ ${words}${who}${when}`;
    case 'expired':
    case 'answered-on-server':
      return unansweredLine(input.outcome);
    case 'pending':
      return answerLine(input);
  }
}

/**
 * A permission request as a Telegram HTML message of at most TELEGRAM_MESSAGE_LIMIT
 * characters, to send with permissionKeyboard(). Every dynamic string is escaped; the
 * command, diff or input shown is cut to the room the rest leaves.
 */
export function formatPermissionRequest(input: PermissionMessageInput): string {
  return render(input, answerLine(input));
}

/**
 * The same message once the request is settled, to edit it into with the buttons removed:
 * the last line says who answered what and when, or why nobody did.
 */
export function formatPermissionOutcome(input: PermissionOutcomeInput): string {
  return render(input, outcomeLine(input));
}

function storedInput(
  request: StoredPermissionRequest,
  session: PermissionRequestSession,
  now: Date,
): PermissionMessageInput {
  return {
    serverId: session.serverId,
    project: session.project,
    sessionName: session.name,
    token: session.token,
    toolName: request.toolName,
    toolInput: request.toolInput,
    hostname: session.hostname,
    expiresAt: request.expiresAt,
    now,
  };
}

/** The message of a stored request that waits for an answer, to send with permissionKeyboard(). */
export function permissionRequestMessage(
  request: StoredPermissionRequest,
  session: PermissionRequestSession,
  now: Date,
): string {
  return formatPermissionRequest(storedInput(request, session, now));
}

/**
 * The message of a stored request as it stands: who answered what and when, or why nobody did.
 * Both hub apps edit a request's messages into this, hub-bot after a button press and hub-api
 * when the request expires or is answered on the server, so that they always agree.
 */
export function permissionOutcomeMessage(
  request: StoredPermissionRequest,
  session: PermissionRequestSession,
  now: Date,
): string {
  return formatPermissionOutcome({
    ...storedInput(request, session, now),
    outcome: request.status,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt ?? now,
  });
}
