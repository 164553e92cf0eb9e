import {
  DELIVERY_MODES,
  MUTE_DURATION,
  PRESENCE_WINDOW_LIMITS,
  canonicalTimeZone,
  looksLikeDuration,
  parseMuteDuration,
  parseQuietHours,
  type DeliveryMode,
  type QuietHours,
  type RequestAlert,
} from '@ccr/delivery-domain';
import { BotError } from '../replies/bot.error';
import { code, escapeHtml } from '../replies/html.util';

/** What /quiet asks for. */
export type QuietCommand =
  | { kind: 'show' }
  | { kind: 'hours'; hours: QuietHours; timeZone?: string }
  | { kind: 'off' }
  | { kind: 'time-zone'; timeZone: string }
  | { kind: 'mode'; mode: DeliveryMode }
  | { kind: 'requests'; alert: RequestAlert };

/** What /presence asks for. */
export type PresenceCommand =
  { kind: 'show' } | { kind: 'window'; seconds: number } | { kind: 'mode'; mode: DeliveryMode };

export const QUIET_USAGE = [
  `${code('/quiet 22:00-07:00')} keeps notifications quiet every night from 22:00 to 07:00 (a 24-hour clock), in your time zone:`,
  `${code('/quiet tz Europe/Berlin')} gives it once. ${code('/quiet off')} ends quiet hours.`,
  `${code('/quiet hold')} or ${code('/quiet silent')}: notifications during quiet hours and mutes are held for one digest when they end, or sent without sound.`,
  `${code('/quiet requests silent')} or ${code('/quiet requests loud')}: how requests you must answer arrive then (they always arrive).`,
].join('\n');

export const MUTE_USAGE =
  `${code('/mute kr4 2h')} mutes server kr4 for 2 hours, ${code('/mute kr4:1 30m')} one session, ` +
  `${code('/mute 1h')} everything; without a duration, 1 hour. Durations: 30m, 2h, 1h30m, 1d, up to 7d. ` +
  `${code('/unmute kr4')} or ${code('/unmute')} (everything) ends it.`;

export const PRESENCE_USAGE =
  `${code('/presence 60')}: a session you typed in (in its tmux) within 60 seconds before it finished, ` +
  `waited or failed counts as watched (1 to ${PRESENCE_WINDOW_LIMITS.max}); ${code('/presence off')} turns that off. ` +
  `${code('/presence hold')} or ${code('/presence silent')}: its notification is then not sent, or sent without sound.`;

const NOTHING_CHANGED = 'Nothing was changed.';

function refuse(problem: string, usage: string, nothing = NOTHING_CHANGED): never {
  throw BotError.usage(`⚠️ ${escapeHtml(capitalise(problem))}. ${nothing}\n\n${usage}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function words(rest: string): string[] {
  return rest.trim() === '' ? [] : rest.trim().split(/\s+/);
}

function timeZoneOf(word: string): string {
  const zone = canonicalTimeZone(word);
  if (!zone) {
    refuse(
      `"${word}" is not a time zone I know: use a name such as Europe/Berlin, America/New_York, Asia/Kolkata or UTC`,
      QUIET_USAGE,
    );
  }
  return zone;
}

function isMode(word: string): word is DeliveryMode {
  return (DELIVERY_MODES as readonly string[]).includes(word);
}

/** `/quiet …`; a BotError with what was expected for anything else. */
export function parseQuietArgs(rest: string): QuietCommand {
  const [first, second, ...more] = words(rest);
  if (first === undefined) return { kind: 'show' };
  const word = first.toLowerCase();
  if (word === 'off' && second === undefined) return { kind: 'off' };
  if ((word === 'tz' || word === 'zone') && second !== undefined && more.length === 0) {
    return { kind: 'time-zone', timeZone: timeZoneOf(second) };
  }
  if (word === 'tz' || word === 'zone') refuse('give one time zone after tz', QUIET_USAGE);
  if (isMode(word) && second === undefined) return { kind: 'mode', mode: word };
  if (word === 'requests') {
    const alert = second?.toLowerCase();
    if ((alert === 'silent' || alert === 'loud') && more.length === 0) {
      return { kind: 'requests', alert };
    }
    refuse('say how requests arrive during quiet hours: silent or loud', QUIET_USAGE);
  }
  if (/^\d/.test(word)) {
    const hours = parseQuietHours(first);
    if (!hours.ok) refuse(hours.problem, QUIET_USAGE);
    if (more.length > 0) refuse(`expected at most a time zone after ${first}`, QUIET_USAGE);
    return {
      kind: 'hours',
      hours: hours.value,
      ...(second === undefined ? {} : { timeZone: timeZoneOf(second) }),
    };
  }
  refuse(`"${rest.trim()}" is not something /quiet understands`, QUIET_USAGE);
}

/** `/mute [server|session] [duration]`. */
export function parseMuteArgs(rest: string): { target?: string; durationMs: number } {
  const list = words(rest);
  if (list.length > 2)
    refuse('expected a server or session, then a duration', MUTE_USAGE, 'Nothing was muted.');
  let target: string | undefined;
  let duration: string | undefined;
  for (const word of list) {
    if (
      duration === undefined &&
      looksLikeDuration(word) &&
      (target !== undefined || list.length === 1)
    ) {
      duration = word;
    } else if (target === undefined && duration === undefined) {
      target = word;
    } else {
      refuse(
        `"${rest.trim()}" is not a server or session followed by a duration`,
        MUTE_USAGE,
        'Nothing was muted.',
      );
    }
  }
  if (duration === undefined)
    return { ...(target ? { target } : {}), durationMs: MUTE_DURATION.defaultMs };
  const parsed = parseMuteDuration(duration);
  if (!parsed.ok) refuse(parsed.problem, MUTE_USAGE, 'Nothing was muted.');
  return { ...(target ? { target } : {}), durationMs: parsed.value };
}

/** `/unmute [server|session]`. */
export function parseUnmuteArgs(rest: string): { target?: string } {
  const list = words(rest);
  if (list.length > 1)
    refuse('expected one server or session, or nothing for every mute', MUTE_USAGE);
  return list[0] === undefined ? {} : { target: list[0] };
}

/** `/presence [seconds|off|hold|silent]`. */
export function parsePresenceArgs(rest: string): PresenceCommand {
  const list = words(rest);
  const word = list[0]?.toLowerCase();
  if (word === undefined) return { kind: 'show' };
  if (list.length > 1) refuse(`"${rest.trim()}" is more than /presence takes`, PRESENCE_USAGE);
  if (word === 'off') return { kind: 'window', seconds: 0 };
  if (isMode(word)) return { kind: 'mode', mode: word };
  const seconds = /^\d{1,6}s?$/.test(word) ? Number(word.replace(/s$/, '')) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > PRESENCE_WINDOW_LIMITS.max) {
    refuse(
      `"${list[0]}" is not a window: expected a whole number of seconds from 1 to ${PRESENCE_WINDOW_LIMITS.max}, or off, hold or silent`,
      PRESENCE_USAGE,
    );
  }
  return { kind: 'window', seconds };
}
