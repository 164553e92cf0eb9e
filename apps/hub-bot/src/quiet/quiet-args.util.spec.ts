import { checkTelegramHtml } from '@ccr/testing';
import { BotError } from '../replies/bot.error';
import {
  parseMuteArgs,
  parsePresenceArgs,
  parseQuietArgs,
  parseUnmuteArgs,
} from './quiet-args.util';

/** The answer a BotError gives, as the user reads it. */
function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(BotError);
    const html = (error as BotError).html;
    expect(checkTelegramHtml(html).problems).toEqual([]);
    return checkTelegramHtml(html).visibleText;
  }
  throw new Error('expected a refusal');
}

const HOUR = 3_600_000;

describe('parseQuietArgs', () => {
  it('reads every form /quiet takes', () => {
    expect(parseQuietArgs('')).toEqual({ kind: 'show' });
    expect(parseQuietArgs('22:00-07:00')).toEqual({
      kind: 'hours',
      hours: { start: 1320, end: 420 },
    });
    expect(parseQuietArgs(' 22-7  Asia/Kolkata ')).toEqual({
      kind: 'hours',
      hours: { start: 1320, end: 420 },
      timeZone: 'Asia/Kolkata',
    });
    expect(parseQuietArgs('OFF')).toEqual({ kind: 'off' });
    expect(parseQuietArgs('tz Europe/Berlin')).toEqual({
      kind: 'time-zone',
      timeZone: 'Europe/Berlin',
    });
    expect(parseQuietArgs('silent')).toEqual({ kind: 'mode', mode: 'silent' });
    expect(parseQuietArgs('hold')).toEqual({ kind: 'mode', mode: 'hold' });
    expect(parseQuietArgs('requests loud')).toEqual({ kind: 'requests', alert: 'loud' });
  });

  it.each([
    ['25:00-7', '25:00 is not a time of day: hours go from 00 to 23 and minutes from 00 to 59'],
    ['22:00', 'Expected a start and an end on a 24-hour clock, such as 22:00-07:00, not "22:00"'],
    ['7-7', 'The start and the end are both 07:00'],
    ['tz Mars/Olympus', '"Mars/Olympus" is not a time zone I know'],
    ['tz', 'Give one time zone after tz'],
    ['22:00-07:00 Nowhere/Land', '"Nowhere/Land" is not a time zone I know'],
    ['requests maybe', 'Say how requests arrive during quiet hours: silent or loud'],
    ['please', '"please" is not something /quiet understands'],
  ])('refuses %j, saying what it expected and that nothing changed', (args, problem) => {
    const text = refusal(() => parseQuietArgs(args));
    expect(text).toContain(problem);
    expect(text).toContain('Nothing was changed.');
    expect(text).toContain('/quiet 22:00-07:00');
  });
});

describe('parseMuteArgs', () => {
  it('reads a target, a duration, both or neither', () => {
    expect(parseMuteArgs('')).toEqual({ durationMs: HOUR });
    expect(parseMuteArgs('kr4')).toEqual({ target: 'kr4', durationMs: HOUR });
    expect(parseMuteArgs('2h')).toEqual({ durationMs: 2 * HOUR });
    expect(parseMuteArgs('kr4:1 30m')).toEqual({ target: 'kr4:1', durationMs: HOUR / 2 });
  });

  it.each([
    ['kr4 -5m', 'A mute cannot last a negative time (-5m)'],
    ['-1h', 'A mute cannot last a negative time (-1h)'],
    ['kr4 30d', '30d is too long: a mute lasts at most 7 days (7d)'],
    ['kr4 0m', '0m is too short'],
    ['kr4 soon', '"kr4 soon" is not a server or session followed by a duration'],
    ['kr4 2h extra', 'Expected a server or session, then a duration'],
    ['2h kr4', '"2h kr4" is not a server or session followed by a duration'],
  ])('refuses %j, saying what it expected', (args, problem) => {
    const text = refusal(() => parseMuteArgs(args));
    expect(text).toContain(problem);
    expect(text).toContain('Nothing was muted.');
  });
});

describe('parseUnmuteArgs', () => {
  it('reads one target or none', () => {
    expect(parseUnmuteArgs(' ')).toEqual({});
    expect(parseUnmuteArgs('kr4')).toEqual({ target: 'kr4' });
    expect(refusal(() => parseUnmuteArgs('kr4 kr5'))).toContain('Expected one server or session');
  });
});

describe('parsePresenceArgs', () => {
  it('reads a window, off, or a mode', () => {
    expect(parsePresenceArgs('')).toEqual({ kind: 'show' });
    expect(parsePresenceArgs('90')).toEqual({ kind: 'window', seconds: 90 });
    expect(parsePresenceArgs('90s')).toEqual({ kind: 'window', seconds: 90 });
    expect(parsePresenceArgs('off')).toEqual({ kind: 'window', seconds: 0 });
    expect(parsePresenceArgs('silent')).toEqual({ kind: 'mode', mode: 'silent' });
  });

  it.each(['-3', '0', '3601', '1.5', 'soon', '60 silent'])('refuses %j', (args) => {
    const text = refusal(() => parsePresenceArgs(args));
    expect(text).toContain('Nothing was changed.');
    expect(text).toContain('/presence 60');
  });
});
