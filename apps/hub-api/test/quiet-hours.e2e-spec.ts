import {
  formatClockTime,
  localTimeAt,
  quietHoursEndAfter,
  type QuietHours,
} from '@ccr/delivery-domain';
import { TestClock } from '@ccr/testing';
import { QuietStack } from './support/quiet-stack';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ZONE = 'Asia/Kolkata';

/** "How many updates" a notification message or digest reports for each session in it. */
function updatesIn(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  if (html.startsWith('🗂')) {
    for (const match of html.matchAll(/^\S+ <code>([^<]+)<\/code> · .*?(?: · (\d+) updates)?$/gm)) {
      counts[match[1]!] = Number(match[2] ?? 1);
    }
    return counts;
  }
  for (const part of html.split('──────────')) {
    const name = /<b>Session:<\/b> <code>([^<]+)<\/code>/.exec(part)?.[1];
    if (name) counts[name] = Number(/Latest of (\d+) updates/.exec(part)?.[1] ?? 1);
  }
  return counts;
}

/** Quiet hours from an hour before `at` to an hour after it, on the clock of ZONE. */
function windowAround(at: Date): { hours: QuietHours; text: string } {
  const minute = localTimeAt(at, ZONE).minuteOfDay;
  const hours = { start: (minute + 23 * 60) % (24 * 60), end: (minute + 60) % (24 * 60) };
  return { hours, text: `${formatClockTime(hours.start)}-${formatClockTime(hours.end)}` };
}

/**
 * hub-api runs on a TestClock that starts at the real time and is moved forward by the tests;
 * hub-bot runs on the real clock. So every time-dependent check here is of hub-api's sending
 * (held, digest, silent, released), never of hub-bot's words about the time of day, and the
 * mute test, whose end hub-bot computes from the real time, comes before the clock is moved.
 */
describe('quiet hours and mutes, on a clock the test moves', () => {
  const clock = new TestClock(new Date());
  const stack = new QuietStack();

  beforeAll(() => stack.start({ clock }), 60_000);
  afterAll(() => stack.stop(), 30_000);

  it('refuses bad input in words, and changes nothing', async () => {
    await stack.notify({ claudeSessionId: 'known', message: 'makes kr4 known' });
    await stack.command('/quiet 23:00-06:00');
    await stack.command('/mute kr4 1h');
    const settings = () => stack.database.query('SELECT * FROM chat_settings ORDER BY chat_id');
    const mutes = () => stack.database.query('SELECT * FROM mutes ORDER BY id');
    const [settingsBefore, mutesBefore] = [await settings(), await mutes()];
    expect(mutesBefore).toHaveLength(1);

    const answers = {
      '/quiet 25:00-7': '25:00 is not a time of day: hours go from 00 to 23',
      '/quiet tz Mars/Base': '&quot;Mars/Base&quot; is not a time zone I know',
      '/quiet 22:00': 'Expected a start and an end on a 24-hour clock, such as 22:00-07:00',
      '/mute kr9': 'I know no server or session <code>kr9</code>',
      '/mute kr4:99': 'No session kr4:99',
      '/mute kr4 -5m': 'A mute cannot last a negative time (-5m)',
      '/mute kr4 30d': '30d is too long: a mute lasts at most 7 days',
      '/presence -3': '&quot;-3&quot; is not a window',
    };
    for (const [command, expected] of Object.entries(answers)) {
      const answer = await stack.command(command);
      expect(answer).toContain(expected);
      expect(answer).toMatch(/Nothing was (changed|muted)\./);
    }
    expect(await settings()).toEqual(settingsBefore);
    expect(await mutes()).toEqual(mutesBefore);

    expect(await stack.command('/quiet off')).toContain('<b>Quiet hours:</b> off');
    expect(await stack.command('/unmute')).toContain('Unmuted: server <code>kr4</code>');
  });

  it('/unmute lets what a mute held go at once', async () => {
    const session = await stack.notify({ claudeSessionId: 'h', message: 'h: first' });
    await stack.telegram.waitForSentMessage((m) => m.text.includes('h: first'), { what: 'h' });
    expect(await stack.command(`/mute ${session.session} 30m`)).toContain(
      `Session <code>${session.session}</code> muted until`,
    );
    await stack.notify({ claudeSessionId: 'h', message: 'h: second' });
    await stack.waitForOutbox((o) => o.held === 1, 'the muted session held');
    expect(await stack.command(`/unmute ${session.session}`)).toContain(
      `Unmuted: session <code>${session.session}</code>`,
    );
    await stack.telegram.waitForSentMessage((m) => m.text.includes('h: second'), {
      timeoutMs: 15_000,
      what: 'the session’s notification once unmuted',
    });
  });

  it('a mute holds what it covers until it ends, and other sessions still come', async () => {
    const other = await stack.notify({
      serverId: 'kr5',
      claudeSessionId: 'f',
      message: 'f: first',
    });
    await stack.telegram.waitForSentMessage((m) => m.text.includes(other.session), {
      what: 'a notification from kr5, so that hub-bot knows the server',
    });
    const muted = await stack.command('/mute kr5 2h');
    expect(muted).toContain('Server <code>kr5</code> muted until');
    expect(muted).toContain('(2 h)');

    const sent = stack.hubMessages().length;
    await stack.notify({ serverId: 'kr5', claudeSessionId: 'f', message: 'f: muted news' });
    const free = await stack.notify({ claudeSessionId: 'g', message: 'g: not muted' });
    await stack.telegram.waitForSentMessage((m) => m.text.includes(free.session), {
      what: 'the notification of a server that is not muted',
    });
    await stack.waitForOutbox((o) => o.held === 1, 'the muted notification held');
    expect(
      stack
        .hubMessages()
        .slice(sent)
        .map((m) => m.text),
    ).not.toEqual(expect.arrayContaining([expect.stringContaining('f: muted news')]));

    clock.advance(2 * HOUR + MINUTE);
    const after = await stack.telegram.waitForSentMessage((m) => m.text.includes('f: muted news'), {
      timeoutMs: 15_000,
      what: 'the muted notification once the mute ended',
    });
    expect(after.text).toContain(other.session);
    expect(after['disable_notification']).toBeUndefined();
  });

  it('quiet hours in the chat’s time zone hold notifications, let a request through silently, and end in one digest', async () => {
    expect(await stack.command(`/quiet tz ${ZONE}`)).toContain(`in ${ZONE} now.`);
    const window = windowAround(clock.now());
    expect(await stack.command(`/quiet ${window.text}`)).toContain(
      `<b>Quiet hours:</b> ${window.text.replace('-', '–')} ${ZONE}`,
    );

    const before = stack.hubMessages().length;
    const a = await stack.notify({ claudeSessionId: 'a', message: 'a: step 1' });
    await stack.notify({ claudeSessionId: 'a', message: 'a: step 2' });
    await stack.notify({ claudeSessionId: 'a', message: 'a: step 3, the last' });
    const b = await stack.notify({
      claudeSessionId: 'b',
      type: 'failed',
      message: 'b: broke',
      metadata: { error: 'rate_limit' },
    });
    // The sender has looked at them and held them: one row per session, the rest superseded.
    await stack.waitForOutbox((o) => o.held === 2 && o.superseded >= 2, 'two held notifications');

    // Someone must answer this one: it comes at once, silently during quiet hours.
    await stack.ask('c', 'npm publish');
    const request = await stack.telegram.waitForSentMessage((m) => m.text.includes('npm publish'), {
      what: 'the permission request',
    });
    expect(request['disable_notification']).toBe(true);
    expect(request.reply_markup).toBeDefined();
    expect(
      stack
        .hubMessages()
        .slice(before)
        .map((m) => m.text),
    ).toEqual([request.text]);
    expect(await stack.command('/status')).toContain('<b>Held now:</b> 2 notifications');

    clock.jumpTo(new Date(quietHoursEndAfter(window.hours, ZONE, clock.now()).getTime() + MINUTE));
    const digest = await stack.telegram.waitForSentMessage(
      (m) => m.text.includes(a.session) && m.text.includes(b.session),
      { timeoutMs: 15_000, what: 'one message with what quiet hours held' },
    );
    expect(digest['disable_notification']).toBeUndefined();
    expect(updatesIn(digest.text)).toEqual({ [a.session]: 3, [b.session]: 1 });
    expect(digest.text).toContain('a: step 3, the last');
    expect(digest.text).not.toContain('a: step 2');
    await stack.waitForOutbox((o) => o.held + o.pending + o.sending === 0, 'nothing held');
    expect(stack.hubMessages().slice(before)).toHaveLength(2);
  });

  it('/quiet silent sends them without sound instead, and /quiet off lets held ones go', async () => {
    expect(await stack.command('/quiet silent')).toContain('sent without sound');
    // Into the same window the next day.
    clock.advance(22 * HOUR + 30 * MINUTE);
    const silent = await stack.notify({ claudeSessionId: 'd', message: 'd: quietly done' });
    const quietly = await stack.telegram.waitForSentMessage(
      (m) => m.text.includes(silent.session),
      {
        what: 'the notification, sent silently',
      },
    );
    expect(quietly['disable_notification']).toBe(true);

    expect(await stack.command('/quiet hold')).toContain('held, then one digest');
    const held = await stack.notify({ claudeSessionId: 'e', message: 'e: held' });
    await stack.waitForOutbox((o) => o.held === 1, 'the notification held');
    expect(await stack.command('/quiet off')).toContain('<b>Quiet hours:</b> off');
    const released = await stack.telegram.waitForSentMessage((m) => m.text.includes(held.session), {
      timeoutMs: 15_000,
      what: 'the held notification, once quiet hours are off',
    });
    expect(released['disable_notification']).toBeUndefined();
  });
});
