import {
  MUTE_DURATION,
  formatDuration,
  looksLikeDuration,
  parseMuteDuration,
} from './mute-duration.util';

const MINUTE = 60_000;

describe('parseMuteDuration', () => {
  it.each([
    ['30m', 30 * MINUTE],
    ['45min', 45 * MINUTE],
    ['2h', 120 * MINUTE],
    ['1h30m', 90 * MINUTE],
    ['1D', 24 * 60 * MINUTE],
    ['7d', MUTE_DURATION.maxMs],
    ['1m', MUTE_DURATION.minMs],
  ])('reads %j', (text, ms) => {
    expect(parseMuteDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['-5m', 'a mute cannot last a negative time (-5m): give one such as 30m, 2h, 1h30m or 1d'],
    ['0m', '0m is too short: a mute lasts at least 1 minute'],
    ['8d', '8d is too long: a mute lasts at most 7 days (7d); /quiet keeps nights quiet every day'],
    [
      '99999999999999999999d',
      '99999999999999999999d is too long: a mute lasts at most 7 days (7d); /quiet keeps nights quiet every day',
    ],
    ['90', '"90" is not a duration: expected one such as 30m, 2h, 1h30m or 1d'],
    ['2x', '"2x" is not a duration: expected one such as 30m, 2h, 1h30m or 1d'],
    ['1h30', '"1h30" is not a duration: expected one such as 30m, 2h, 1h30m or 1d'],
    ['soon', '"soon" is not a duration: expected one such as 30m, 2h, 1h30m or 1d'],
  ])('refuses %j, saying what it expected', (text, problem) => {
    expect(parseMuteDuration(text)).toEqual({ ok: false, problem });
  });

  it('tells a duration from a server or a session by its first character', () => {
    expect(['2h', '-5m', '+1d', '90'].every(looksLikeDuration)).toBe(true);
    expect(['kr4', 'kr4:1', 'Q7M2K9XA'].some(looksLikeDuration)).toBe(false);
  });
});

describe('formatDuration', () => {
  it('says days, hours and minutes, to the nearest minute', () => {
    expect(formatDuration(90 * MINUTE + 29_000)).toBe('1 h 30 min');
    expect(formatDuration(120 * MINUTE - 300)).toBe('2 h');
    expect(formatDuration(2 * 24 * 60 * MINUTE)).toBe('2 d');
    expect(formatDuration(40_000)).toBe('1 min');
    expect(formatDuration(29_000)).toBe('under a minute');
  });
});
