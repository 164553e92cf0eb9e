import { NOTHING_CHOSEN, type DeliveryDefaults } from '@ccr/delivery-domain';
import type { OutboxItem } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { planDelivery } from './outbox-plan.util';

const NIGHT = new Date('2026-06-01T23:00:00Z');
const DAY = new Date('2026-06-01T12:00:00Z');

const defaults: DeliveryDefaults = {
  timeZone: 'UTC',
  quietMode: 'hold',
  quietRequests: 'silent',
  presenceWindowSeconds: 60,
  presenceMode: 'hold',
};

function session(id: number, serverId = 'kr4'): SessionView {
  return {
    id,
    serverId,
    seq: id,
    name: `${serverId}:${id}`,
    token: 'AB12CD34',
    claudeSessionId: null,
    project: 'p',
    cwd: null,
    hostname: null,
    tmux: { session: null, window: null, pane: null },
    lastType: 'completed',
    state: 'idle',
    stateSince: DAY,
    createdAt: DAY,
    lastEventAt: DAY,
    expiresAt: DAY,
  };
}

function row(
  id: number,
  kind: OutboxItem['kind'] = 'message',
  metadata: Record<string, unknown> = {},
  serverId = 'kr4',
): OutboxItem {
  return {
    id,
    chatId: '1',
    kind,
    isRequest: kind === 'permission',
    status: 'pending',
    part: 0,
    attempts: 0,
    createdAt: DAY,
    mergedCount: 0,
    notification:
      kind === 'message'
        ? {
            id,
            sessionId: id,
            eventId: null,
            type: 'completed',
            event: 'Stop',
            message: 'done',
            metadata,
            sentAt: null,
            receivedAt: DAY,
          }
        : null,
    permission: null,
    session: session(id, serverId),
  };
}

const quietNights = {
  chosen: { ...NOTHING_CHOSEN, quietHours: { start: 22 * 60, end: 7 * 60 } },
  mutes: [],
};

describe('planDelivery', () => {
  it('sends everything with sound when nothing keeps it quiet', () => {
    const plan = planDelivery(
      [row(1), row(2)],
      { chosen: NOTHING_CHOSEN, mutes: [] },
      defaults,
      DAY,
    );
    expect(plan.sendable.map((s) => [s.item.id, s.silent])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(plan).toMatchObject({ hold: [], skip: [] });
    expect(plan.holdsAllNotificationsUntil).toBeUndefined();
  });

  it('holds notifications through quiet hours, lets requests and edits through', () => {
    const plan = planDelivery(
      [row(1, 'permission'), row(2, 'permission-outcome'), row(3), row(4)],
      quietNights,
      defaults,
      NIGHT,
    );
    expect(plan.sendable.map((s) => [s.item.id, s.silent, s.quietReason])).toEqual([
      [1, true, 'quiet-hours'],
      [2, false, null],
    ]);
    expect(plan.hold).toEqual([
      { ids: [3, 4], reason: 'quiet-hours', until: new Date('2026-06-02T07:00:00Z') },
    ]);
    expect(plan.holdsAllNotificationsUntil).toEqual(new Date('2026-06-02T07:00:00Z'));
  });

  it('uses what the chat chose before the defaults', () => {
    const chosen = { ...quietNights.chosen, quietMode: 'silent' as const, timeZone: 'Asia/Tokyo' };
    // 23:00 UTC is 08:00 in Tokyo: not quiet there.
    expect(
      planDelivery([row(1)], { chosen, mutes: [] }, defaults, NIGHT).sendable[0],
    ).toMatchObject({
      silent: false,
    });
    // 14:00 UTC is 23:00 in Tokyo: quiet, and the chat wants it silent rather than held.
    const tokyoNight = new Date('2026-06-01T14:00:00Z');
    expect(
      planDelivery([row(1)], { chosen, mutes: [] }, defaults, tokyoNight).sendable[0],
    ).toMatchObject({
      silent: true,
      quietReason: 'quiet-hours',
    });
  });

  it('holds what a mute covers until it ends, and skips what the person saw at the terminal', () => {
    const mutes = [
      {
        target: { kind: 'server' as const, serverId: 'kr5' },
        until: new Date('2026-06-01T13:00:00Z'),
      },
    ];
    const plan = planDelivery(
      [
        row(1, 'message', {}, 'kr5'),
        row(2, 'message', { inputIdleSeconds: 3 }),
        row(3, 'message', { inputIdleSeconds: 600 }),
      ],
      { chosen: NOTHING_CHOSEN, mutes },
      defaults,
      DAY,
    );
    expect(plan.hold).toEqual([
      { ids: [1], reason: 'mute', until: new Date('2026-06-01T13:00:00Z') },
    ]);
    expect(plan.skip).toEqual([2]);
    expect(plan.sendable.map((s) => s.item.id)).toEqual([3]);
  });
});
