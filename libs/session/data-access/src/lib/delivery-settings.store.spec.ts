import { NOTHING_CHOSEN } from '@ccr/delivery-domain';
import type { DataSource } from 'typeorm';
import { FakeClock, HOUR, TempDatabases } from '../../test/temp-database.util';
import { DeliverySettingsStore } from './delivery-settings.store';
import { SessionStore } from './session.store';

describe('DeliverySettingsStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let store: DeliverySettingsStore;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-05-01T08:00:00.000Z');
    store = new DeliverySettingsStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  const inHours = (hours: number) => new Date(clock.now().getTime() + hours * HOUR);

  it('knows nothing chosen for a chat it never heard of', async () => {
    expect(await store.forChat('100')).toEqual({ chosen: NOTHING_CHOSEN, mutes: [] });
  });

  it('records choices one at a time, per chat, keeping the others', async () => {
    await store.choose('100', { timeZone: 'europe/berlin' });
    await store.choose('100', { quietHours: { start: 1320, end: 420 }, quietMode: 'silent' });
    await store.choose('200', { presenceWindowSeconds: 0 });
    expect((await store.forChat('100')).chosen).toEqual({
      ...NOTHING_CHOSEN,
      timeZone: 'Europe/Berlin',
      quietHours: { start: 1320, end: 420 },
      quietMode: 'silent',
    });
    expect(await store.choose('100', { quietHours: null, quietRequests: 'loud' })).toEqual({
      ...NOTHING_CHOSEN,
      timeZone: 'Europe/Berlin',
      quietMode: 'silent',
      quietRequests: 'loud',
    });
    expect((await store.forChat('200')).chosen).toEqual({
      ...NOTHING_CHOSEN,
      presenceWindowSeconds: 0,
    });
  });

  it('refuses a time zone Intl does not know, and what the database would not hold', async () => {
    await expect(store.choose('100', { timeZone: 'Mars/Olympus' })).rejects.toThrow(RangeError);
    await expect(store.choose('100', { quietHours: { start: 420, end: 420 } })).rejects.toThrow(
      /CHECK constraint failed|violates check constraint/,
    );
    await expect(store.choose('100', { presenceWindowSeconds: 7200 })).rejects.toThrow(
      /CHECK constraint failed|violates check constraint/,
    );
    expect((await store.forChat('100')).chosen).toEqual(NOTHING_CHOSEN);
  });

  describe('mutes', () => {
    it('keeps a mute of everything, a server or a session until it runs out', async () => {
      const sessions = new SessionStore(dataSource, { ttlHours: 24, clock: clock.now });
      const { session } = await sessions.recordAndQueueNotification(
        { serverId: 'kr5', type: 'completed', project: 'p' },
        { chatIds: [] },
      );
      await store.mute('100', { kind: 'server', serverId: 'kr4' }, inHours(2));
      await store.mute(
        '100',
        { kind: 'session', serverId: 'kr5', sessionId: session.id, sessionName: 'ignored' },
        inHours(1),
      );
      await store.mute('100', { kind: 'all' }, inHours(3));
      await store.mute('200', { kind: 'all' }, inHours(3));
      expect((await store.forChat('100')).mutes).toEqual([
        {
          target: { kind: 'session', serverId: 'kr5', sessionId: session.id, sessionName: 'kr5:1' },
          until: inHours(1),
        },
        { target: { kind: 'server', serverId: 'kr4' }, until: inHours(2) },
        { target: { kind: 'all' }, until: inHours(3) },
      ]);
      clock.advance(2 * HOUR);
      expect((await store.forChat('100')).mutes).toEqual([
        { target: { kind: 'all' }, until: inHours(1) },
      ]);
    });

    it('replaces a mute of the same target, and drops mutes that ran out', async () => {
      await store.mute('100', { kind: 'server', serverId: 'kr4' }, inHours(5));
      await store.mute('100', { kind: 'server', serverId: 'kr5' }, inHours(1));
      await store.mute('100', { kind: 'server', serverId: 'kr4' }, inHours(2));
      clock.advance(HOUR);
      await store.mute('100', { kind: 'all' }, inHours(2));
      expect((await store.forChat('100')).mutes.map((m) => m.target)).toEqual([
        { kind: 'server', serverId: 'kr4' },
        { kind: 'all' },
      ]);
      expect(await dataSource.query('SELECT CAST(count(*) AS integer) AS n FROM mutes')).toEqual([
        { n: 2 },
      ]);
    });

    it('lifts the mutes of one target, or all of them, saying which were lifted', async () => {
      await store.mute('100', { kind: 'server', serverId: 'kr4' }, inHours(2));
      await store.mute('100', { kind: 'all' }, inHours(3));
      expect(await store.unmute('100', { kind: 'server', serverId: 'kr9' })).toEqual([]);
      expect(await store.unmute('100', { kind: 'server', serverId: 'kr4' })).toEqual([
        { target: { kind: 'server', serverId: 'kr4' }, until: inHours(2) },
      ]);
      await store.mute('100', { kind: 'server', serverId: 'kr5' }, inHours(1));
      expect((await store.unmute('100')).map((m) => m.target.kind)).toEqual(['server', 'all']);
      expect((await store.forChat('100')).mutes).toEqual([]);
    });
  });
});
