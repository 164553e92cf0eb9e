let knownSpellings: ReadonlyMap<string, string> | undefined;

/** Intl's zone names by their lower case, read once. */
function spellings(): ReadonlyMap<string, string> {
  knownSpellings ??= new Map(
    Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]),
  );
  return knownSpellings;
}

/**
 * A time zone name Intl knows, spelled as Intl spells it when it lists the zone
 * (`europe/berlin` → `Europe/Berlin`), else as written (`Asia/Kolkata`, which this Intl knows
 * by its older name `Asia/Calcutta`); undefined when Intl does not know it. Intl is the one
 * judge, so that a zone accepted here is one every later calculation can use.
 */
export function canonicalTimeZone(name: string): string | undefined {
  const text = name.trim();
  if (text === '' || text.length > 64) return undefined;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: text }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  if (resolved.toLowerCase() === text.toLowerCase()) return resolved;
  return spellings().get(text.toLowerCase()) ?? text;
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
