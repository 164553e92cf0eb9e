/** A point in time that every step of a run measures its remaining time against. */
export interface Deadline {
  /** Milliseconds left, never negative; Infinity for a run without a bound. */
  remainingMs(): number;
  expired(): boolean;
}

export function deadlineIn(ms: number, clock: () => number = Date.now): Deadline {
  const end = clock() + ms;
  return {
    remainingMs: () => Math.max(0, end - clock()),
    expired: () => clock() >= end,
  };
}

export const NO_DEADLINE: Deadline = deadlineIn(Number.POSITIVE_INFINITY);

/** The smaller of `capMs` and what is left, so a finite number is always passed to timers. */
export function boundedMs(deadline: Deadline, capMs: number): number {
  return Math.min(capMs, deadline.remainingMs());
}
