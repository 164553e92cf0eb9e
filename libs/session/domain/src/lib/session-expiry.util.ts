/** A session expires this long after its last notification unless configured otherwise. */
export const DEFAULT_SESSION_TTL_HOURS = 24;

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/** When a session whose last event came at `lastEventAt` stops being live. */
export function computeExpiry(lastEventAt: Date, ttlHours: number): Date {
  if (!Number.isFinite(ttlHours) || ttlHours <= 0) {
    throw new RangeError(`Session TTL must be a positive number of hours, got ${ttlHours}`);
  }
  return new Date(lastEventAt.getTime() + ttlHours * MS_PER_HOUR);
}

/** A session is live strictly before its expiry and expired from that instant on. */
export function isExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

/**
 * `23h 59m`, `5m`, `<1m` or `expired`. Rounds down, so a session never looks longer-lived
 * than it is.
 */
export function formatTimeLeft(ms: number): string {
  if (!(ms > 0)) return 'expired';
  if (ms < MS_PER_MINUTE) return '<1m';
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE);
  return hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`;
}
