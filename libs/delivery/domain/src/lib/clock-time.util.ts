/** Minutes in a day: times of day are minutes after midnight, 0 to this minus one. */
export const MINUTES_PER_DAY = 24 * 60;

/** `07:05`, from minutes after midnight. */
export function formatClockTime(minuteOfDay: number): string {
  const minutes = ((minuteOfDay % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const CLOCK_TIME = /^(\d{1,2})(?::(\d{2}))?$/;

/**
 * A time of day as people write it: `7`, `07`, `7:30` or `07:30`, on a 24-hour clock.
 * The problem, when there is one, names what was written and what is expected.
 */
export function parseClockTime(text: string): Parsed<number> {
  const match = CLOCK_TIME.exec(text.trim());
  if (!match) {
    return { ok: false, problem: `"${text.trim()}" is not a time of day such as 07:00 or 22:30` };
  }
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  if (hours > 23 || minutes > 59) {
    return {
      ok: false,
      problem: `${text.trim()} is not a time of day: hours go from 00 to 23 and minutes from 00 to 59`,
    };
  }
  return { ok: true, value: hours * 60 + minutes };
}
