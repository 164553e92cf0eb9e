import { decideDelivery, mutesCovering, type DeliveryCandidate } from './delivery-decision.util';
import type { DeliverySettings, Mute } from './delivery-settings.interface';

const NIGHT_UTC = new Date('2026-06-01T23:00:00Z');
const DAY_UTC = new Date('2026-06-01T12:00:00Z');

const settings: DeliverySettings = {
  timeZone: 'UTC',
  quietHours: { start: 22 * 60, end: 7 * 60 },
  quietMode: 'hold',
  quietRequests: 'silent',
  presenceWindowSeconds: 60,
  presenceMode: 'hold',
};

const notification: DeliveryCandidate = {
  isRequest: false,
  serverId: 'kr4',
  sessionId: 7,
  inputIdleSeconds: null,
};
const request: DeliveryCandidate = { ...notification, isRequest: true };

const mute = (target: Mute['target'], until: string): Mute => ({ target, until: new Date(until) });

describe('decideDelivery', () => {
  it('sends with sound outside quiet hours, without mutes, away from the terminal', () => {
    expect(decideDelivery(notification, settings, [], DAY_UTC)).toEqual({
      action: 'send',
      silent: false,
    });
    expect(decideDelivery(request, settings, [], DAY_UTC)).toEqual({
      action: 'send',
      silent: false,
    });
  });

  it('holds a notification during quiet hours until they end', () => {
    expect(decideDelivery(notification, settings, [], NIGHT_UTC)).toEqual({
      action: 'hold',
      reason: 'quiet-hours',
      until: new Date('2026-06-02T07:00:00Z'),
    });
  });

  it('sends a notification silently during quiet hours when the chat chose silent', () => {
    expect(
      decideDelivery(notification, { ...settings, quietMode: 'silent' }, [], NIGHT_UTC),
    ).toEqual({ action: 'send', silent: true, reason: 'quiet-hours' });
  });

  it('lets a request through during quiet hours, silently unless the chat wants it loud', () => {
    expect(decideDelivery(request, settings, [], NIGHT_UTC)).toEqual({
      action: 'send',
      silent: true,
      reason: 'quiet-hours',
    });
    expect(decideDelivery(request, { ...settings, quietRequests: 'loud' }, [], NIGHT_UTC)).toEqual({
      action: 'send',
      silent: false,
    });
    const muted = [mute({ kind: 'all' }, '2026-06-01T13:00:00Z')];
    expect(decideDelivery(request, settings, muted, DAY_UTC)).toEqual({
      action: 'send',
      silent: true,
      reason: 'mute',
    });
  });

  it('holds what a running mute covers until the mute ends, and nothing else', () => {
    const mutes = [
      mute({ kind: 'server', serverId: 'kr4' }, '2026-06-01T14:00:00Z'),
      mute(
        { kind: 'session', serverId: 'kr5', sessionId: 9, sessionName: 'kr5:1' },
        '2026-06-01T13:00:00Z',
      ),
    ];
    expect(decideDelivery(notification, settings, mutes, DAY_UTC)).toEqual({
      action: 'hold',
      reason: 'mute',
      until: new Date('2026-06-01T14:00:00Z'),
    });
    expect(
      decideDelivery({ ...notification, serverId: 'kr5', sessionId: 9 }, settings, mutes, DAY_UTC),
    ).toMatchObject({ action: 'hold', until: new Date('2026-06-01T13:00:00Z') });
    expect(
      decideDelivery({ ...notification, serverId: 'kr5', sessionId: 8 }, settings, mutes, DAY_UTC),
    ).toEqual({ action: 'send', silent: false });
    expect(decideDelivery(notification, settings, mutes, new Date('2026-06-01T14:00:00Z'))).toEqual(
      { action: 'send', silent: false },
    );
  });

  it('holds a muted notification at night until the first of its reasons may be over', () => {
    const mutes = [mute({ kind: 'all' }, '2026-06-02T01:00:00Z')];
    expect(decideDelivery(notification, settings, mutes, NIGHT_UTC)).toMatchObject({
      action: 'hold',
      reason: 'quiet-hours',
      until: new Date('2026-06-02T01:00:00Z'),
    });
  });

  it('skips a notification of a session typed in within the window, or sends it silently', () => {
    const present = { ...notification, inputIdleSeconds: 60 };
    expect(decideDelivery(present, settings, [], DAY_UTC)).toEqual({
      action: 'skip',
      reason: 'presence',
    });
    expect(decideDelivery(present, { ...settings, presenceMode: 'silent' }, [], DAY_UTC)).toEqual({
      action: 'send',
      silent: true,
      reason: 'presence',
    });
    expect(
      decideDelivery({ ...notification, inputIdleSeconds: 61 }, settings, [], DAY_UTC),
    ).toEqual({ action: 'send', silent: false });
    expect(decideDelivery(present, { ...settings, presenceWindowSeconds: 0 }, [], DAY_UTC)).toEqual(
      { action: 'send', silent: false },
    );
    // A request is never skipped: someone must answer it.
    expect(decideDelivery({ ...request, inputIdleSeconds: 0 }, settings, [], DAY_UTC)).toEqual({
      action: 'send',
      silent: false,
    });
  });

  it('lets the quietest rule win when several apply', () => {
    const present = { ...notification, inputIdleSeconds: 5 };
    expect(decideDelivery(present, settings, [], NIGHT_UTC)).toEqual({
      action: 'skip',
      reason: 'presence',
    });
    expect(
      decideDelivery(present, { ...settings, presenceMode: 'silent' }, [], NIGHT_UTC),
    ).toMatchObject({ action: 'hold', reason: 'quiet-hours' });
  });
});

describe('mutesCovering', () => {
  it('keeps the running mutes of the server, the session, or everything', () => {
    const all = mute({ kind: 'all' }, '2026-06-01T13:00:00Z');
    const ended = mute({ kind: 'server', serverId: 'kr4' }, '2026-06-01T11:00:00Z');
    const other = mute({ kind: 'server', serverId: 'kr5' }, '2026-06-01T13:00:00Z');
    expect(mutesCovering(notification, [all, ended, other], DAY_UTC)).toEqual([all]);
  });
});
