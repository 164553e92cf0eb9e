import type { PermissionStatus } from '@ccr/protocol';
import { escapeAndCut } from './html.util';

/*
 * The frame every request's message shares, whatever it asks (a permission, a question, a
 * plan): a heading with the server, the session's lines, and a last line that says how long
 * there is to answer, or how the request ended. Every dynamic string is escaped and bounded.
 */

/** What a request's message shows of where it comes from. */
export interface RequestOrigin {
  serverId: string;
  project: string;
  /** Public session name, `<serverId>:<n>`. */
  sessionName: string;
  token: string;
  hostname?: string | null;
}

/** A message's first line: an icon and a title after the server's id. */
export interface RequestHeading {
  icon: string;
  title: string;
}

/**
 * Bounds, in escaped characters, on the fields around what a request shows, so that the part
 * that matters (a command, a question, a plan) always keeps most of the message.
 */
export const FIELD_BOUNDS = {
  serverId: 64,
  project: 400,
  sessionName: 128,
  token: 32,
  hostname: 300,
  toolName: 128,
  filePath: 600,
  description: 500,
  decidedBy: 128,
} as const;

export function field(value: string, bound: number): string {
  return escapeAndCut(value, bound);
}

/** The text, trimmed; null when it is not a string or is empty. */
export function textOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** The heading, project, host (when known) and session lines. */
export function headerLines(
  heading: RequestHeading,
  origin: RequestOrigin,
  extra?: string,
): string[] {
  const serverId = field(origin.serverId.toUpperCase(), FIELD_BOUNDS.serverId);
  const hostname = textOf(origin.hostname);
  const after = extra === undefined ? '' : ` · ${extra}`;
  return [
    `${heading.icon} <b>[${serverId}] ${heading.title}</b>${after}`,
    `<b>Project:</b> ${field(origin.project, FIELD_BOUNDS.project)}`,
    ...(hostname === null ? [] : [`<b>Host:</b> ${field(hostname, FIELD_BOUNDS.hostname)}`]),
    `<b>Session:</b> <code>${field(origin.sessionName, FIELD_BOUNDS.sessionName)}</code> · token <code>${field(origin.token, FIELD_BOUNDS.token)}</code>`,
  ];
}

/** `5 min`, `4 min 30 s`, `45 s`, `1 h 30 min`. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    return rest === 0 || minutes >= 10 ? `${minutes} min` : `${minutes} min ${rest} s`;
  }
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** `10:42 UTC`: a time of day as every message shows it, whatever the hub's time zone. */
export function clockTime(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

/** How long there is to answer, for a request that waits. */
export function answerLine(expiresAt: Date, now: Date): string {
  // Rounded: formatted a few milliseconds after the request arrived, 300 s still reads "5 min".
  const left = Math.round((expiresAt.getTime() - now.getTime()) / 1000);
  if (left <= 0) return '⏳ No time left: Claude asks on the server';
  return `⏳ Answer within ${formatDuration(left)} (until ${clockTime(expiresAt)})`;
}

/** ` by @ana`, escaped; '' when nobody is named. */
export function byWhom(decidedBy: string | null | undefined): string {
  const by = textOf(decidedBy);
  return by === null ? '' : ` by ${field(by, FIELD_BOUNDS.decidedBy)}`;
}

/** Words for the two ways a request ends without an answer from Telegram. */
export const UNANSWERED_WORDS = {
  expired: 'Timed out',
  'answered-on-server': 'Answered on the server',
} as const satisfies Partial<Record<PermissionStatus, string>>;

/** The last line of a request that ended without an answer from Telegram. */
export function unansweredLine(status: keyof typeof UNANSWERED_WORDS): string {
  return status === 'expired'
    ? `⌛ ${UNANSWERED_WORDS.expired}: nobody answered in time; Claude asks on the server`
    : `💻 ${UNANSWERED_WORDS['answered-on-server']}`;
}
