import type { NotificationType } from '@ccr/protocol';
import { escapeAndCut } from './html.util';
import { NOTIFICATION_HEADINGS, type NotificationMessageInput } from './notification-message.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

/** A digest line's words for what the session is doing now. */
const STATE_WORDS: Readonly<Record<NotificationType, string>> = {
  completed: 'done',
  waiting: 'waiting for input',
  permission: 'needs permission',
  failed: 'failed',
};

/** Bounds, in escaped characters, that keep one session's entry to two short lines. */
const ENTRY_BOUNDS = { serverId: 32, project: 60, sessionName: 48, snippet: 140 } as const;

/** One digest: its text, and how many of the inputs (the first ones) it holds. */
export interface Digest {
  text: string;
  count: number;
}

function firstLine(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const line = text
    .split('\n')
    .map((part) => part.trim())
    .find((part) => part !== '');
  return line ?? null;
}

/** What to quote under a session's line: the error, what Claude asks, or its reply's first line. */
function snippetOf(input: NotificationMessageInput): string | null {
  const metadata = input.metadata ?? {};
  if (input.type === 'failed') {
    const parts = [metadata.error, metadata.errorDetails].filter(
      (part): part is string => typeof part === 'string' && part.trim() !== '',
    );
    if (parts.length > 0) return parts.join(' — ');
  }
  if (input.type === 'waiting' || input.type === 'permission') {
    const asked = firstLine(metadata.notification);
    if (asked) return asked;
  }
  return firstLine(input.message);
}

function entryOf(input: NotificationMessageInput): string {
  const updates = (input.mergedCount ?? 0) + 1;
  const line = [
    `${NOTIFICATION_HEADINGS[input.type].icon} <code>${escapeAndCut(input.sessionName, ENTRY_BOUNDS.sessionName)}</code>`,
    escapeAndCut(input.project, ENTRY_BOUNDS.project),
    STATE_WORDS[input.type],
    ...(updates > 1 ? [`${updates} updates`] : []),
  ].join(' · ');
  const snippet = snippetOf(input);
  return snippet === null ? line : `${line}\n<i>${escapeAndCut(snippet, ENTRY_BOUNDS.snippet)}</i>`;
}

function heading(updates: number, sessions: number): string {
  return (
    `🗂 <b>${updates} update${updates === 1 ? '' : 's'} from ${sessions} session${sessions === 1 ? '' : 's'}</b>\n` +
    "<i>Each session's latest state; earlier ones are counted, not sent.</i>"
  );
}

const FOOTER = '<code>/cmd kr4:1 &lt;your command&gt;</code> answers one; /sessions lists them.';

/**
 * Many sessions' news as one Telegram message of at most TELEGRAM_MESSAGE_LIMIT characters:
 * each session's latest state on a line, with how many updates it stands for and a short
 * quote, so that a burst from many sessions is read at a glance rather than queued. Takes the
 * inputs in order while they fit (every entry is bounded, so well over a dozen do); `count`
 * says how many, and the rest are for the next message.
 */
export function formatDigest(inputs: readonly NotificationMessageInput[]): Digest {
  const entries: string[] = [];
  let updates = 0;
  let text = '';
  for (const input of inputs) {
    const nextUpdates = updates + (input.mergedCount ?? 0) + 1;
    const nextEntries = [...entries, entryOf(input)];
    const candidate = `${heading(nextUpdates, nextEntries.length)}\n\n${nextEntries.join('\n')}\n\n${FOOTER}`;
    if (candidate.length > TELEGRAM_MESSAGE_LIMIT && entries.length > 0) break;
    entries.push(entryOf(input));
    updates = nextUpdates;
    text = candidate;
  }
  return { text, count: entries.length };
}
