import {
  DEFAULT_SESSION_TTL_HOURS,
  computeExpiry,
  formatTimeLeft,
  isExpired,
} from './session-expiry.util';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('computeExpiry', () => {
  const last = new Date('2026-01-01T10:00:00.000Z');

  it('adds the TTL to the last event', () => {
    expect(computeExpiry(last, 24).toISOString()).toBe('2026-01-02T10:00:00.000Z');
    expect(computeExpiry(last, 0.5).toISOString()).toBe('2026-01-01T10:30:00.000Z');
    expect(DEFAULT_SESSION_TTL_HOURS).toBe(24);
  });

  it('does not change its argument', () => {
    computeExpiry(last, 24);
    expect(last.toISOString()).toBe('2026-01-01T10:00:00.000Z');
  });

  it('refuses a TTL that is not a positive number', () => {
    for (const ttl of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => computeExpiry(last, ttl)).toThrow(RangeError);
    }
  });
});

describe('isExpired', () => {
  const expiresAt = new Date('2026-01-02T10:00:00.000Z');

  it('is false before the expiry and true from the expiry on', () => {
    expect(isExpired(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(false);
    expect(isExpired(expiresAt, expiresAt)).toBe(true);
    expect(isExpired(expiresAt, new Date(expiresAt.getTime() + 1))).toBe(true);
  });
});

describe('formatTimeLeft', () => {
  it('shows hours and minutes, rounded down', () => {
    expect(formatTimeLeft(24 * HOUR - 1)).toBe('23h 59m');
    expect(formatTimeLeft(24 * HOUR)).toBe('24h 0m');
    expect(formatTimeLeft(HOUR + 59_999)).toBe('1h 0m');
    expect(formatTimeLeft(3 * HOUR + 7 * MINUTE)).toBe('3h 7m');
  });

  it('shows minutes alone under an hour', () => {
    expect(formatTimeLeft(5 * MINUTE)).toBe('5m');
    expect(formatTimeLeft(HOUR - 1)).toBe('59m');
    expect(formatTimeLeft(MINUTE)).toBe('1m');
  });

  it('does not call a live session expired in its last minute', () => {
    expect(formatTimeLeft(1)).toBe('<1m');
    expect(formatTimeLeft(59_999)).toBe('<1m');
  });

  it('says expired at and after zero', () => {
    expect(formatTimeLeft(0)).toBe('expired');
    expect(formatTimeLeft(-5 * MINUTE)).toBe('expired');
    expect(formatTimeLeft(Number.NaN)).toBe('expired');
  });
});
