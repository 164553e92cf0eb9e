import type { NotificationType, NotifyMetadata } from '@ccr/protocol';
import { escapeAndCut, escapeHtml } from './html.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

/** What the hub knows about one notification when it tells the user. */
export interface NotificationMessageInput {
  type: NotificationType;
  serverId: string;
  project: string;
  /** Public session name, `<serverId>:<n>`. */
  sessionName: string;
  token: string;
  /** Claude's last reply; the only part of the message that is cut to fit. */
  message?: string | null;
  metadata?: NotifyMetadata | null;
  hostname?: string | null;
  /** tmux pane id (`%3`). */
  tmuxPane?: string | null;
  /** How many older notifications of the session this one stands for (they were not sent). */
  mergedCount?: number;
}

export interface NotificationHeading {
  icon: string;
  title: string;
}

export const NOTIFICATION_HEADINGS: Readonly<Record<NotificationType, NotificationHeading>> = {
  completed: { icon: '✅', title: 'Claude Task Completed' },
  waiting: { icon: '⏳', title: 'Claude Is Waiting for Input' },
  permission: { icon: '🔐', title: 'Claude Needs Permission' },
  failed: { icon: '❌', title: 'Claude Task Failed' },
};

/** Separates notifications merged into one Telegram message. */
export const NOTIFICATION_DIVIDER = '\n\n──────────\n\n';

/**
 * When notifications are merged, a reply is not shortened below this many (escaped) characters
 * to make room for the next one: a few words of a reply tell the user nothing, so past this
 * point a second message is better.
 */
export const MIN_MERGED_REPLY_CHARS = 300;

/**
 * Bounds, in escaped characters, on the fields other than the reply. Real values are far
 * shorter (the hub validates them); the bounds only guarantee that the frame of a message can
 * never leave the reply without room, whatever a plain `curl` put in `metadata`.
 */
const FIELD_BOUNDS = {
  serverId: 64,
  project: 400,
  sessionName: 128,
  token: 32,
  hostname: 300,
  tmuxPane: 48,
  detail: 1000,
} as const;

const REPLY_OPEN = '<blockquote expandable>';
const REPLY_CLOSE = '</blockquote>';

/** A notification laid out, with its reply still uncut. */
interface NotificationLayout {
  header: string;
  footer: string;
  /** Plain text, trimmed; null when there is nothing to show. */
  reply: string | null;
  /** Length of the escaped reply, uncut. */
  replyLength: number;
  /** Length of the message with an empty reply (or without one when there is none). */
  fixedLength: number;
}

function textOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function field(value: string, bound: number): string {
  return escapeAndCut(value, bound);
}

function detailLine(input: NotificationMessageInput): string | null {
  const metadata = input.metadata ?? {};
  if (input.type === 'waiting' || input.type === 'permission') {
    const notification = textOf(metadata.notification);
    return notification === null ? null : `<i>${field(notification, FIELD_BOUNDS.detail)}</i>`;
  }
  if (input.type === 'failed') {
    const parts = [textOf(metadata.error), textOf(metadata.errorDetails)].filter(
      (part): part is string => part !== null,
    );
    if (parts.length === 0) return null;
    return `<b>Error:</b> ${field(parts.join(' — '), FIELD_BOUNDS.detail)}`;
  }
  return null;
}

/** `Latest of 12 updates from this session`, when it stands for older ones. */
export function mergedLine(mergedCount: number | undefined): string | null {
  if (!mergedCount || mergedCount < 1) return null;
  return `<i>Latest of ${mergedCount + 1} updates from this session</i>`;
}

function hostLine(input: NotificationMessageInput): string | null {
  const hostname = textOf(input.hostname);
  const pane = textOf(input.tmuxPane);
  const parts: string[] = [];
  if (hostname !== null) parts.push(field(hostname, FIELD_BOUNDS.hostname));
  if (pane !== null) parts.push(`pane <code>${field(pane, FIELD_BOUNDS.tmuxPane)}</code>`);
  return parts.length === 0 ? null : `<b>Host:</b> ${parts.join(' · ')}`;
}

function layoutOf(input: NotificationMessageInput): NotificationLayout {
  const heading = NOTIFICATION_HEADINGS[input.type];
  const serverId = field(input.serverId.toUpperCase(), FIELD_BOUNDS.serverId);
  const sessionName = field(input.sessionName, FIELD_BOUNDS.sessionName);
  const lines = [
    `${heading.icon} <b>[${serverId}] ${heading.title}</b>`,
    `<b>Project:</b> ${field(input.project, FIELD_BOUNDS.project)}`,
    hostLine(input),
    `<b>Session:</b> <code>${sessionName}</code> · token <code>${field(input.token, FIELD_BOUNDS.token)}</code>`,
    detailLine(input),
    mergedLine(input.mergedCount),
  ].filter((line): line is string => line !== null);

  const header = lines.join('\n');
  const footer = `<code>/cmd ${sessionName} &lt;your command&gt;</code>`;
  const reply = textOf(input.message);
  const replyLength = reply === null ? 0 : escapeHtml(reply).length;
  const fixedLength =
    reply === null ? frame(header, footer, null).length : frame(header, footer, '').length;
  return { header, footer, reply, replyLength, fixedLength };
}

function frame(header: string, footer: string, body: string | null): string {
  if (body === null) return `${header}\n\n${footer}`;
  return `${header}\n\n${REPLY_OPEN}${body}${REPLY_CLOSE}\n\n${footer}`;
}

/** Renders a layout with at most `replyRoom` escaped characters of the reply. */
function render(layout: NotificationLayout, replyRoom: number): string {
  if (layout.reply === null) return frame(layout.header, layout.footer, null);
  const body = escapeAndCut(layout.reply, replyRoom);
  // An empty quote would only look broken; without room, the reply is left out.
  return frame(layout.header, layout.footer, body === '' ? null : body);
}

function minimumLength(layout: NotificationLayout): number {
  return layout.fixedLength + Math.min(layout.replyLength, MIN_MERGED_REPLY_CHARS);
}

/**
 * One notification as a Telegram HTML message of at most TELEGRAM_MESSAGE_LIMIT characters.
 * Every dynamic string is escaped; Claude's reply is cut to the room the rest leaves.
 */
export function formatNotification(input: NotificationMessageInput): string {
  const layout = layoutOf(input);
  return render(layout, TELEGRAM_MESSAGE_LIMIT - layout.fixedLength);
}

/** Renders notifications that fit together, earlier replies first served. */
function renderGroup(group: NotificationLayout[]): string {
  const dividers = NOTIFICATION_DIVIDER.length * (group.length - 1);
  let room = TELEGRAM_MESSAGE_LIMIT - dividers;
  let reservedForLater = 0;
  for (const layout of group) {
    room -= layout.fixedLength;
    reservedForLater += Math.min(layout.replyLength, MIN_MERGED_REPLY_CHARS);
  }
  const parts: string[] = [];
  for (const layout of group) {
    reservedForLater -= Math.min(layout.replyLength, MIN_MERGED_REPLY_CHARS);
    const given = Math.min(layout.replyLength, room - reservedForLater);
    room -= given;
    parts.push(render(layout, given));
  }
  return parts.join(NOTIFICATION_DIVIDER);
}

/**
 * A burst of notifications for one chat as few messages as possible, in order, each at most
 * TELEGRAM_MESSAGE_LIMIT characters, notifications separated by NOTIFICATION_DIVIDER.
 *
 * A notification joins the current message while every reply in it can keep at least
 * MIN_MERGED_REPLY_CHARS (or all of it, when shorter); only then is a new message started.
 * Within a message, earlier replies are kept whole first, later ones get what is left.
 * A single input gives exactly formatNotification's output.
 */
export function formatNotificationBatch(inputs: readonly NotificationMessageInput[]): string[] {
  const groups: NotificationLayout[][] = [];
  let current: NotificationLayout[] = [];
  let currentLength = 0;
  for (const layout of inputs.map(layoutOf)) {
    const extra = minimumLength(layout);
    const joined = currentLength + NOTIFICATION_DIVIDER.length + extra;
    if (current.length > 0 && joined <= TELEGRAM_MESSAGE_LIMIT) {
      current.push(layout);
      currentLength = joined;
    } else {
      if (current.length > 0) groups.push(current);
      current = [layout];
      currentLength = extra;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups.map(renderGroup);
}

/**
 * Whether Claude's reply fits, whole, in a message of its own. When it does not, the message
 * carries its first part and the whole reply follows as a document (`replyDocument`).
 */
export function replyFitsOneMessage(input: NotificationMessageInput): boolean {
  const layout = layoutOf(input);
  return layout.replyLength <= TELEGRAM_MESSAGE_LIMIT - layout.fixedLength;
}

/** Claude's whole reply as a Markdown file, with the caption that says whose it is. */
export interface ReplyDocument {
  fileName: string;
  /** Markdown, as Claude wrote it. */
  content: string;
  /** Telegram HTML, well within the 1024 characters of a caption. */
  captionHtml: string;
}

export function replyDocument(input: NotificationMessageInput): ReplyDocument {
  const reply = textOf(input.message) ?? '';
  const safeName = input.sessionName.replace(/[^A-Za-z0-9_-]+/g, '-');
  return {
    fileName: `claude-reply-${safeName}.md`,
    content: `${reply}\n`,
    captionHtml:
      `📄 Claude's whole reply · <code>${field(input.sessionName, FIELD_BOUNDS.sessionName)}</code> · ` +
      field(input.project, FIELD_BOUNDS.project),
  };
}
