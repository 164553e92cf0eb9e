import {
  formatQuietHours,
  isQuietAt,
  parseQuietHours,
  quietHoursEndAfter,
  type QuietHours,
} from './quiet-hours.util';

const NIGHT: QuietHours = { start: 22 * 60, end: 7 * 60 };

describe('parseQuietHours', () => {
  it.each([
    ['22:00-07:00', NIGHT],
    ['22-7', NIGHT],
    [' 22:00 – 07:00 ', NIGHT],
    ['9:30-17:45', { start: 9 * 60 + 30, end: 17 * 60 + 45 }],
    ['00:00-23:59', { start: 0, end: 23 * 60 + 59 }],
  ])('reads %j', (text, expected) => {
    expect(parseQuietHours(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['25:00-7', '25:00 is not a time of day: hours go from 00 to 23 and minutes from 00 to 59'],
    ['22:60-07:00', '22:60 is not a time of day: hours go from 00 to 23 and minutes from 00 to 59'],
    ['22:00', 'expected a start and an end on a 24-hour clock, such as 22:00-07:00, not "22:00"'],
    [
      'tonight',
      'expected a start and an end on a 24-hour clock, such as 22:00-07:00, not "tonight"',
    ],
    ['10pm-7am', '"10pm" is not a time of day such as 07:00 or 22:30'],
    ['7:00-07', 'the start and the end are both 07:00: a window needs two different times'],
  ])('refuses %j, saying what it expected', (text, problem) => {
    expect(parseQuietHours(text)).toEqual({ ok: false, problem });
  });

  it('formats a window as it is read back', () => {
    expect(formatQuietHours(NIGHT)).toBe('22:00–07:00');
  });
});

describe('isQuietAt', () => {
  it('reads the window in the time zone given, past midnight included', () => {
    // 17:00 UTC is 22:30 in Kolkata (UTC+05:30, no summer time).
    expect(isQuietAt(NIGHT, 'Asia/Kolkata', new Date('2026-06-01T17:00:00Z'))).toBe(true);
    expect(isQuietAt(NIGHT, 'UTC', new Date('2026-06-01T17:00:00Z'))).toBe(false);
    expect(isQuietAt(NIGHT, 'Asia/Kolkata', new Date('2026-06-02T01:29:00Z'))).toBe(true);
    expect(isQuietAt(NIGHT, 'Asia/Kolkata', new Date('2026-06-02T01:30:00Z'))).toBe(false);
    expect(isQuietAt(NIGHT, 'Asia/Kolkata', new Date('2026-06-01T16:29:59Z'))).toBe(false);
    expect(isQuietAt(NIGHT, 'Asia/Kolkata', new Date('2026-06-01T16:30:00Z'))).toBe(true);
  });

  it('handles a window within one day', () => {
    const lunch = { start: 12 * 60, end: 13 * 60 };
    expect(isQuietAt(lunch, 'UTC', new Date('2026-06-01T12:30:00Z'))).toBe(true);
    expect(isQuietAt(lunch, 'UTC', new Date('2026-06-01T13:00:00Z'))).toBe(false);
    expect(isQuietAt(lunch, 'UTC', new Date('2026-06-01T23:00:00Z'))).toBe(false);
  });
});

describe('quietHoursEndAfter', () => {
  it('is the next instant the local clock reads the end', () => {
    expect(quietHoursEndAfter(NIGHT, 'Asia/Kolkata', new Date('2026-06-01T17:00:20Z'))).toEqual(
      new Date('2026-06-02T01:30:00Z'),
    );
    expect(quietHoursEndAfter(NIGHT, 'UTC', new Date('2026-06-02T06:59:00Z'))).toEqual(
      new Date('2026-06-02T07:00:00Z'),
    );
  });

  it('finds the end across the nights the clocks change', () => {
    // Berlin: 2026-03-29 02:00 CET becomes 03:00 CEST; 2026-10-25 03:00 CEST becomes 02:00 CET.
    expect(quietHoursEndAfter(NIGHT, 'Europe/Berlin', new Date('2026-03-28T21:30:00Z'))).toEqual(
      new Date('2026-03-29T05:00:00Z'),
    );
    expect(quietHoursEndAfter(NIGHT, 'Europe/Berlin', new Date('2026-10-24T20:30:00Z'))).toEqual(
      new Date('2026-10-25T06:00:00Z'),
    );
  });

  it('never answers an instant at or before the one asked about, even for an end the clock skips', () => {
    const endsAtSkippedTime = { start: 22 * 60, end: 2 * 60 + 30 };
    const from = new Date('2026-03-29T00:30:00Z'); // 01:30 CET, an hour before the jump
    const end = quietHoursEndAfter(endsAtSkippedTime, 'Europe/Berlin', from);
    expect(end.getTime()).toBeGreaterThan(from.getTime());
    expect(isQuietAt(endsAtSkippedTime, 'Europe/Berlin', end)).toBe(false);
  });
});
