import { canonicalTimeZone, localTimeAt } from './time-zone.util';

describe('canonicalTimeZone', () => {
  it('spells a zone Intl knows as Intl does', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone(' europe/berlin ')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });

  it('keeps a current name that Intl knows by an older one, as written', () => {
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
  });

  it.each(['Europe/Atlantis', 'Mars/Olympus', '', '   ', 'x'.repeat(80)])(
    'knows no zone %j',
    (name) => {
      expect(canonicalTimeZone(name)).toBeUndefined();
    },
  );
});

describe('localTimeAt', () => {
  it('is the wall clock of the zone', () => {
    expect(localTimeAt(new Date('2026-06-01T23:45:00Z'), 'Asia/Kolkata')).toEqual({
      minuteOfDay: 5 * 60 + 15,
      weekday: 'Tue',
    });
    expect(localTimeAt(new Date('2026-06-01T00:00:00Z'), 'UTC').minuteOfDay).toBe(0);
  });
});
