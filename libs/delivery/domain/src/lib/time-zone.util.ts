/**
 * The IANA name of a time zone as Intl spells it (`europe/berlin` → `Europe/Berlin`), or
 * undefined when Intl does not know it. Intl is the one judge, so that a zone accepted here is
 * one every later calculation can use.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const text = name.trim();
  if (text === '' || text.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter costs far more than using one; the outbox asks for every row. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local wall-clock time at an instant in a time zone. */
export interface LocalTime {
  /** Minutes after local midnight, 0–1439. */
  minuteOfDay: number;
  /** `Mon`, `Tue`, … */
  weekday: string;
}

/** @throws RangeError for a time zone Intl does not know. */
export function localTimeAt(at: Date, timeZone: string): LocalTime {
  const parts = formatterFor(timeZone).formatToParts(at);
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return {
    minuteOfDay: Number(value('hour')) * 60 + Number(value('minute')),
    weekday: value('weekday'),
  };
}
