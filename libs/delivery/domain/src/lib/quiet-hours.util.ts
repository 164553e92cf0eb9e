import { MINUTES_PER_DAY, formatClockTime, parseClockTime, type Parsed } from './clock-time.util';
import { localTimeAt } from './time-zone.util';

/**
 * A daily window of local time in which notifications keep quiet: from `start` (included) to
 * `end` (excluded), minutes after midnight. A window past midnight (22:00–07:00) has
 * `start > end`.
 */
export interface QuietHours {
  start: number;
  end: number;
}

const MINUTE_MS = 60_000;
/** `22:00-07:00`, `22:00 – 07:00`, `22-7`. */
const RANGE = /^\s*([^\s\-–—]+)\s*[-–—]\s*([^\s\-–—]+)\s*$/;

/** `22:00–07:00`. */
export function formatQuietHours(hours: QuietHours): string {
  return `${formatClockTime(hours.start)}–${formatClockTime(hours.end)}`;
}

/** `22:00-07:00` (or `22-7`): the problem, when there is one, says what was expected. */
export function parseQuietHours(text: string): Parsed<QuietHours> {
  const match = RANGE.exec(text);
  if (!match) {
    return {
      ok: false,
      problem: `expected a start and an end on a 24-hour clock, such as 22:00-07:00, not "${text.trim()}"`,
    };
  }
  const start = parseClockTime(match[1] ?? '');
  if (!start.ok) return start;
  const end = parseClockTime(match[2] ?? '');
  if (!end.ok) return end;
  if (start.value === end.value) {
    return {
      ok: false,
      problem: `the start and the end are both ${formatClockTime(start.value)}: a window needs two different times`,
    };
  }
  return { ok: true, value: { start: start.value, end: end.value } };
}

function inWindow(hours: QuietHours, minuteOfDay: number): boolean {
  return hours.start < hours.end
    ? minuteOfDay >= hours.start && minuteOfDay < hours.end
    : minuteOfDay >= hours.start || minuteOfDay < hours.end;
}

/** Whether `at` falls in the quiet window, read in `timeZone`. */
export function isQuietAt(hours: QuietHours, timeZone: string, at: Date): boolean {
  return inWindow(hours, localTimeAt(at, timeZone).minuteOfDay);
}

/**
 * The first instant after `at` at which the local clock reads the window's end: when quiet
 * hours that hold at `at` are over. Across a change to or from summer time the local clock
 * jumps, so the first guess is checked and moved by the difference once.
 */
export function quietHoursEndAfter(hours: QuietHours, timeZone: string, at: Date): Date {
  const startOfMinute = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  const untilEnd = (minuteOfDay: number) =>
    (hours.end - minuteOfDay + MINUTES_PER_DAY) % MINUTES_PER_DAY || MINUTES_PER_DAY;
  const guess = startOfMinute + untilEnd(localTimeAt(at, timeZone).minuteOfDay) * MINUTE_MS;
  const off = localTimeAt(new Date(guess), timeZone).minuteOfDay - hours.end;
  // Within half a day either way: the clock moved by an hour or so, not by a day.
  const shift = ((off + MINUTES_PER_DAY * 1.5) % MINUTES_PER_DAY) - MINUTES_PER_DAY / 2;
  const corrected = guess - shift * MINUTE_MS;
  // An end the clock skips (02:30 on the night it jumps from 02:00 to 03:00) has no instant:
  // the corrected guess then falls back before `at`, and the first guess is the end.
  return new Date(corrected > at.getTime() ? corrected : guess);
}
