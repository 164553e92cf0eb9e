import type { Parsed } from './clock-time.util';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** How long a mute may last: a mute longer than a week is forgotten, not wanted. */
export const MUTE_DURATION = {
  minMs: MINUTE_MS,
  maxMs: 7 * DAY_MS,
  /** `/mute kr4` without a duration. */
  defaultMs: HOUR_MS,
} as const;

const UNIT_MS: Readonly<Record<string, number>> = {
  m: MINUTE_MS,
  min: MINUTE_MS,
  h: HOUR_MS,
  d: DAY_MS,
};

const PART = /(\d+)(min|m|h|d)/gy;

/** Whether a word is meant as a duration (`2h`, `-5m`, `90`) rather than a server or session. */
export function looksLikeDuration(word: string): boolean {
  return /^[-+]?\d/.test(word.trim());
}

/** `1h30m`, `45m`, `2d`: the problem, when there is one, says what was expected. */
export function parseMuteDuration(text: string): Parsed<number> {
  const word = text.trim().toLowerCase();
  const example = 'such as 30m, 2h, 1h30m or 1d';
  if (word.startsWith('-')) {
    return {
      ok: false,
      problem: `a mute cannot last a negative time (${word}): give one ${example}`,
    };
  }
  let ms = 0;
  let read = 0;
  PART.lastIndex = 0;
  for (let match = PART.exec(word); match; match = PART.exec(word)) {
    ms += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
    read = PART.lastIndex;
  }
  if (read === 0 || read !== word.length) {
    return { ok: false, problem: `"${text.trim()}" is not a duration: expected one ${example}` };
  }
  if (ms < MUTE_DURATION.minMs) {
    return { ok: false, problem: `${word} is too short: a mute lasts at least 1 minute` };
  }
  if (!Number.isSafeInteger(ms) || ms > MUTE_DURATION.maxMs) {
    return {
      ok: false,
      problem: `${word} is too long: a mute lasts at most 7 days (7d); /quiet keeps nights quiet every day`,
    };
  }
  return { ok: true, value: ms };
}

/**
 * `1 h 30 min`, `2 d`, `45 min`, `under a minute`, to the nearest minute: a mute of 2 h asked
 * a moment ago has 2 h left, not 1 h 59 min.
 */
export function formatDuration(ms: number): string {
  if (ms < MINUTE_MS / 2) return 'under a minute';
  ms = Math.round(ms / MINUTE_MS) * MINUTE_MS;
  const days = Math.floor(ms / DAY_MS);
  const hours = Math.floor((ms % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((ms % HOUR_MS) / MINUTE_MS);
  const parts = [
    days > 0 ? `${days} d` : '',
    hours > 0 ? `${hours} h` : '',
    minutes > 0 ? `${minutes} min` : '',
  ].filter(Boolean);
  return parts.join(' ');
}
