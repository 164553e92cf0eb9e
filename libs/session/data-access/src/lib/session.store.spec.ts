import { SessionError, SessionErrorCode } from '@ccr/session-domain';
import type { DataSource } from 'typeorm';
import { FakeClock, HOUR, TempDatabases, rowsOf } from '../../test/temp-database.util';
import { EventIdConflictError, type NotificationInput, SessionStore } from './session.store';

const TTL_HOURS = 24;

function event(overrides: Partial<NotificationInput> = {}): NotificationInput {
  return { serverId: 'kr4', type: 'completed', project: 'api', ...overrides };
}

async function count(dataSource: DataSource, table: string): Promise<number> {
  const [row]: Array<{ n: number }> = await dataSource.query(
    `SELECT CAST(count(*) AS integer) AS n FROM ${table}`,
  );
  return row.n;
}

async function expectSessionError(promise: Promise<unknown>, code: SessionErrorCode) {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SessionError);
  expect((error as SessionError).code).toBe(code);
  return error as SessionError;
}

describe('SessionStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let store: SessionStore;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-03-01T12:00:00.000Z');
    store = new SessionStore(dataSource, { ttlHours: TTL_HOURS, clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  const record = (input: Partial<NotificationInput>, chatIds: string[] = ['100']) =>
    store.recordAndQueueNotification(event(input), { chatIds });

  describe('naming', () => {
    it('numbers sessions per server, counting up from 1', async () => {
      const a = await record({ claudeSessionId: 'a' });
      const b = await record({ claudeSessionId: 'b' });
      const c = await record({ serverId: 'web', claudeSessionId: 'c' });
      const d = await record({ claudeSessionId: 'd' });
      expect([a, b, c, d].map((r) => r.session.name)).toEqual(['kr4:1', 'kr4:2', 'web:1', 'kr4:3']);
      expect(d.session).toMatchObject({ serverId: 'kr4', seq: 3 });
    });

    it('never reuses a number, even when every session has expired', async () => {
      await record({ claudeSessionId: 'a' });
      await record({ claudeSessionId: 'b' });
      clock.advance(TTL_HOURS * HOUR * 3);
      expect(await store.listLive()).toEqual([]);
      const next = await record({ claudeSessionId: 'c' });
      expect(next.session.name).toBe('kr4:3');
    });

    it('gives each session an 8-character [A-Z0-9] token of its own', async () => {
      const tokens: string[] = [];
      for (let i = 0; i < 30; i++) {
        tokens.push((await record({ claudeSessionId: `s${i}` })).session.token);
      }
      for (const token of tokens) expect(token).toMatch(/^[A-Z0-9]{8}$/);
      expect(new Set(tokens).size).toBe(30);
    });

    it('draws a new token when one is already taken', async () => {
      const first = await record({ claudeSessionId: 'a' });
      const draws = [first.session.token, 'NEWTOKEN'];
      const colliding = new SessionStore(dataSource, {
        ttlHours: TTL_HOURS,
        clock: clock.now,
        generateToken: () => draws.shift() ?? 'UNUSED00',
      });
      const second = await colliding.recordAndQueueNotification(event({ claudeSessionId: 'b' }), {
        chatIds: [],
      });
      expect(second.session).toMatchObject({ name: 'kr4:2', token: 'NEWTOKEN' });
    });

    it('gives up after repeated collisions and stores nothing', async () => {
      const first = await record({ claudeSessionId: 'a' });
      const stuck = new SessionStore(dataSource, {
        ttlHours: TTL_HOURS,
        clock: clock.now,
        generateToken: () => first.session.token,
      });
      await expect(
        stuck.recordAndQueueNotification(event({ claudeSessionId: 'b', eventId: 'e-b' }), {
          chatIds: ['100'],
        }),
      ).rejects.toThrow('no free session token after 5 tries');
      expect(await count(dataSource, 'sessions')).toBe(1);
      expect(await count(dataSource, 'notifications')).toBe(1);
      expect(await count(dataSource, 'outbox')).toBe(1);
      // The number drawn inside the failed transaction was rolled back with it.
      expect((await record({ claudeSessionId: 'b' })).session.name).toBe('kr4:2');
    });
  });

  describe('which session an event belongs to', () => {
    it("keys by Claude's session id, whatever the pane", async () => {
      const a = await record({
        claudeSessionId: 'uuid-1',
        tmux: { session: 'w', window: '1', pane: '%1' },
      });
      const b = await record({
        claudeSessionId: 'uuid-1',
        tmux: { session: 'w', window: '2', pane: '%9' },
      });
      const other = await record({
        claudeSessionId: 'uuid-2',
        tmux: { session: 'w', window: '2', pane: '%9' },
      });
      expect(b.session.id).toBe(a.session.id);
      expect(b.session.tmux).toEqual({ session: 'w', window: '2', pane: '%9' });
      expect(b.session.claudeSessionId).toBe('uuid-1');
      expect(other.session.name).toBe('kr4:2');
    });

    it('keys by tmux pane when there is no Claude session id', async () => {
      const a = await record({ project: 'one', tmux: { session: 'w', window: '0', pane: '%3' } });
      const b = await record({ project: 'two', tmux: { session: 'w', window: '0', pane: '%3' } });
      const c = await record({ project: 'two', tmux: { session: 'w', window: '0', pane: '%4' } });
      expect(b.session.id).toBe(a.session.id);
      expect(b.session.project).toBe('two');
      expect(b.session.claudeSessionId).toBeNull();
      expect(c.session.name).toBe('kr4:2');
    });

    it('keys the plain curl shape by project', async () => {
      const seed = { serverId: 'kr4', type: 'completed' as const, project: 'test', metadata: {} };
      const a = await store.recordAndQueueNotification(seed, { chatIds: ['100'] });
      const b = await store.recordAndQueueNotification(seed, { chatIds: ['100'] });
      const c = await store.recordAndQueueNotification(
        { ...seed, project: 'other' },
        { chatIds: ['100'] },
      );
      expect(a.session).toMatchObject({
        name: 'kr4:1',
        project: 'test',
        claudeSessionId: null,
        cwd: null,
        hostname: null,
        tmux: { session: null, window: null, pane: null },
      });
      expect(b.session.id).toBe(a.session.id);
      expect(c.session.name).toBe('kr4:2');
      expect(b.notification.metadata).toEqual({});
    });

    it('keeps servers apart even for the same Claude session id', async () => {
      const a = await record({ claudeSessionId: 'same' });
      const b = await record({ serverId: 'web', claudeSessionId: 'same' });
      expect(b.session.id).not.toBe(a.session.id);
      expect(b.session.name).toBe('web:1');
    });

    it('does not store or key by an invalid pane', async () => {
      const a = await record({
        project: 'p',
        tmux: { session: 'a:b', window: 'x', pane: '%3;ls' },
      });
      expect(a.session.tmux).toEqual({ session: null, window: null, pane: null });
      const b = await record({ project: 'p' });
      expect(b.session.id).toBe(a.session.id);
    });
  });

  describe('what a session remembers', () => {
    it('keeps location, cwd and host when a later event has none, and takes new ones', async () => {
      const a = await record({
        claudeSessionId: 'u',
        cwd: '/srv/api',
        hostname: 'kr4.example',
        tmux: { session: 'work', window: '1', pane: '%2' },
      });
      const b = await record({ claudeSessionId: 'u', type: 'waiting', project: 'api2' });
      expect(b.session).toMatchObject({
        id: a.session.id,
        project: 'api2',
        cwd: '/srv/api',
        hostname: 'kr4.example',
        tmux: { session: 'work', window: '1', pane: '%2' },
        lastType: 'waiting',
      });
      const c = await record({ claudeSessionId: 'u', cwd: '/srv/web', tmux: { pane: '%5' } });
      expect(c.session.cwd).toBe('/srv/web');
      // A location is taken as reported, not mixed with the previous one.
      expect(c.session.tmux).toEqual({ session: null, window: null, pane: '%5' });
      expect(await store.resolve(a.session.name)).toEqual(c.session);
    });

    it('stores the notification as given', async () => {
      const sentAt = new Date('2026-03-01T11:59:58.000Z');
      const result = await record({
        type: 'failed',
        eventId: 'evt-1',
        event: 'StopFailure',
        message: 'Rate limited',
        sentAt,
        metadata: { error: 'rate_limit', errorDetails: '429', nested: { a: [1, 2] } },
      });
      expect(result.duplicate).toBe(false);
      expect(result.notification).toEqual({
        id: expect.any(Number),
        sessionId: result.session.id,
        eventId: 'evt-1',
        type: 'failed',
        event: 'StopFailure',
        message: 'Rate limited',
        metadata: { error: 'rate_limit', errorDetails: '429', nested: { a: [1, 2] } },
        sentAt,
        receivedAt: clock.now(),
      });
      expect(result.session.lastType).toBe('failed');
      const [row] = await rowsOf(
        dataSource,
        'SELECT metadata, received_at FROM notifications WHERE id = :id',
        { id: result.notification.id },
      );
      expect(JSON.parse(String(row.metadata))).toEqual(result.notification.metadata);
      expect(row.received_at).toBe(clock.now().getTime());
    });

    it('refuses a server id or type that would not read back, storing nothing', async () => {
      await expect(record({ serverId: 'kr:4' })).rejects.toThrow(TypeError);
      await expect(record({ serverId: '' })).rejects.toThrow(TypeError);
      await expect(
        record({ type: 'exploded' as unknown as NotificationInput['type'] }),
      ).rejects.toThrow(TypeError);
      expect(await count(dataSource, 'sessions')).toBe(0);
    });

    it('refuses a TTL that is not positive', () => {
      expect(() => new SessionStore(dataSource, { ttlHours: 0 })).toThrow(RangeError);
    });
  });

  describe('duplicate events', () => {
    it('stores an eventId once and answers a retry with what was stored', async () => {
      const first = await record({ claudeSessionId: 'u', eventId: 'evt-1', message: 'one' }, [
        '1',
        '2',
      ]);
      clock.advance(HOUR);
      const again = await record(
        { claudeSessionId: 'u', eventId: 'evt-1', message: 'changed', type: 'waiting' },
        ['1', '2'],
      );
      expect(again.duplicate).toBe(true);
      expect(again.notification).toEqual(first.notification);
      expect(again.session).toEqual(first.session);
      expect(await count(dataSource, 'notifications')).toBe(1);
      expect(await count(dataSource, 'outbox')).toBe(2);
      expect((await store.resolve('kr4:1')).expiresAt).toEqual(first.session.expiresAt);
    });

    it('stores events without an eventId every time', async () => {
      await record({ claudeSessionId: 'u' });
      await record({ claudeSessionId: 'u' });
      expect(await count(dataSource, 'notifications')).toBe(2);
    });

    it('does not hand one server the session of another through a reused eventId', async () => {
      await record({ eventId: 'evt-x' });
      await expect(record({ serverId: 'web', eventId: 'evt-x' })).rejects.toThrow(
        EventIdConflictError,
      );
      expect(await count(dataSource, 'sessions')).toBe(1);
    });
  });

  describe('expiry', () => {
    it('slides the expiry with every event', async () => {
      const start = clock.now().getTime();
      const a = await record({ claudeSessionId: 'u' });
      expect(a.session.expiresAt.getTime()).toBe(start + 24 * HOUR);
      clock.advance(23 * HOUR);
      const b = await record({ claudeSessionId: 'u' });
      expect(b.session.id).toBe(a.session.id);
      expect(b.session.lastEventAt.getTime()).toBe(start + 23 * HOUR);
      expect(b.session.expiresAt.getTime()).toBe(start + 47 * HOUR);
      expect(b.session.createdAt.getTime()).toBe(start);
      clock.advance(23 * HOUR);
      expect((await store.resolve(a.session.token)).id).toBe(a.session.id);
    });

    it('starts a new session with a new name and token once the old one expired', async () => {
      const a = await record({ claudeSessionId: 'u' });
      clock.advance(24 * HOUR);
      const b = await record({ claudeSessionId: 'u' });
      expect(b.session.id).not.toBe(a.session.id);
      expect(b.session.name).toBe('kr4:2');
      expect(b.session.token).not.toBe(a.session.token);
      const error = await expectSessionError(store.resolve('kr4:1'), SessionErrorCode.Expired);
      expect(error.expiredAt).toEqual(a.session.expiresAt);
      expect((await store.resolve('kr4:2')).id).toBe(b.session.id);
    });
  });

  describe('outbox rows', () => {
    it('queues one pending row per chat, due now, in the same transaction', async () => {
      const result = await record({}, ['100', '-200', '100']);
      const rows = await rowsOf(
        dataSource,
        'SELECT chat_id, notification_id, text, status, attempts, next_attempt_at FROM outbox ORDER BY chat_id',
      );
      expect(rows).toEqual(
        ['-200', '100'].map((chatId) => ({
          chat_id: chatId,
          notification_id: result.notification.id,
          text: null,
          status: 'pending',
          attempts: 0,
          next_attempt_at: clock.now().getTime(),
        })),
      );
    });

    it('queues nothing without chats', async () => {
      await record({}, []);
      expect(await count(dataSource, 'outbox')).toBe(0);
      expect(await count(dataSource, 'notifications')).toBe(1);
    });
  });

  describe('resolve', () => {
    let live: Awaited<ReturnType<typeof record>>;
    beforeEach(async () => {
      live = await record({ claudeSessionId: 'u' });
    });

    it('finds a session by name, by token and by token in lower case', async () => {
      expect(await store.resolve('kr4:1')).toEqual(live.session);
      expect(await store.resolve(live.session.token)).toEqual(live.session);
      expect(await store.resolve(` ${live.session.token.toLowerCase()} `)).toEqual(live.session);
    });

    it('says NotFound for a name or token that never existed', async () => {
      const byName = await expectSessionError(store.resolve('kr4:2'), SessionErrorCode.NotFound);
      expect(byName.message).toContain('kr4:2');
      await expectSessionError(store.resolve('web:1'), SessionErrorCode.NotFound);
      const other = live.session.token === 'ZZZZZZZZ' ? 'YYYYYYYY' : 'zzzzzzzz';
      const byToken = await expectSessionError(store.resolve(other), SessionErrorCode.NotFound);
      expect(byToken.message).toContain(other.toUpperCase());
    });

    it('says InvalidRef for what is neither', async () => {
      for (const ref of ['', 'kr4', 'kr4:0', 'kr4:x', 'TOOLONGTOKEN', '%3']) {
        await expectSessionError(store.resolve(ref), SessionErrorCode.InvalidRef);
      }
    });

    it('says Expired, not NotFound, for an expired session, by name and by token', async () => {
      clock.advance(24 * HOUR);
      const error = await expectSessionError(store.resolve('kr4:1'), SessionErrorCode.Expired);
      expect(error.message).toContain('kr4:1');
      expect(error.message).toContain('2026-03-02 12:00 UTC');
      await expectSessionError(store.resolve(live.session.token), SessionErrorCode.Expired);
    });
  });

  describe('getById', () => {
    it('finds a session by its row id, live or expired, and null for none', async () => {
      const live = await record({ claudeSessionId: 'u' });
      expect(await store.getById(live.session.id)).toEqual(live.session);
      clock.advance(TTL_HOURS * HOUR);
      expect(await store.getById(live.session.id)).toEqual(live.session);
      for (const id of [live.session.id + 1, 0, -1, 1.5, Number.NaN]) {
        expect(await store.getById(id)).toBeNull();
      }
    });
  });

  describe('listLive and serverSummaries', () => {
    it('lists live sessions by server, then number', async () => {
      await record({ serverId: 'web', claudeSessionId: 'w1' });
      await record({ serverId: 'kr4', claudeSessionId: 'k1' });
      await record({ serverId: 'kr4', claudeSessionId: 'k2' });
      clock.advance(12 * HOUR);
      await record({ serverId: 'kr4', claudeSessionId: 'k3' });
      await record({ serverId: 'kr4', claudeSessionId: 'k1' });
      await record({ serverId: 'app', claudeSessionId: 'a1' });
      expect((await store.listLive()).map((s) => s.name)).toEqual([
        'app:1',
        'kr4:1',
        'kr4:2',
        'kr4:3',
        'web:1',
      ]);
      clock.advance(12 * HOUR);
      expect((await store.listLive()).map((s) => s.name)).toEqual(['app:1', 'kr4:1', 'kr4:3']);
    });

    it('summarises each server that ever sent something', async () => {
      const start = clock.now().getTime();
      await record({ serverId: 'kr4', claudeSessionId: 'k1' });
      await record({ serverId: 'web', claudeSessionId: 'w1' });
      clock.advance(20 * HOUR);
      await record({ serverId: 'kr4', claudeSessionId: 'k2' });
      clock.advance(5 * HOUR);
      expect(await store.serverSummaries()).toEqual([
        {
          serverId: 'kr4',
          lastSeenAt: new Date(start + 20 * HOUR),
          liveSessions: 1,
          totalSessions: 2,
        },
        { serverId: 'web', lastSeenAt: new Date(start), liveSessions: 0, totalSessions: 1 },
      ]);
    });

    it('has nothing to list on a new database', async () => {
      const empty = new SessionStore(await dbs.open(await dbs.location('empty')), { ttlHours: 1 });
      expect(await empty.listLive()).toEqual([]);
      expect(await empty.serverSummaries()).toEqual([]);
    });
  });

  describe('concurrency', () => {
    it('numbers 50 concurrent events without clashes or gaps, with their outbox rows', async () => {
      const servers = ['a', 'b', 'c', 'd'];
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.recordAndQueueNotification(
            event({
              serverId: servers[i % servers.length],
              claudeSessionId: `c-${i}`,
              eventId: `e-${i}`,
            }),
            { chatIds: ['1', '2'] },
          ),
        ),
      );
      for (const serverId of servers) {
        const seqs = results
          .filter((r) => r.session.serverId === serverId)
          .map((r) => r.session.seq)
          .sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      }
      expect(new Set(results.map((r) => r.session.token)).size).toBe(50);
      expect(results.every((r) => !r.duplicate)).toBe(true);
      expect(await count(dataSource, 'notifications')).toBe(50);
      const outbox: Array<{ chat_id: string; n: number; notifications: number }> =
        await dataSource.query(
          `SELECT chat_id, CAST(count(*) AS integer) AS n, CAST(count(DISTINCT notification_id) AS integer) AS notifications
           FROM outbox WHERE status = 'pending' GROUP BY chat_id ORDER BY chat_id`,
        );
      expect(outbox).toEqual([
        { chat_id: '1', n: 50, notifications: 50 },
        { chat_id: '2', n: 50, notifications: 50 },
      ]);
    });

    it('puts concurrent events of one Claude session into one session', async () => {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          record({ claudeSessionId: 'same', eventId: `e-${i % 10}` }),
        ),
      );
      expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
      expect(results.filter((r) => r.duplicate)).toHaveLength(10);
      expect(await count(dataSource, 'notifications')).toBe(10);
      expect(await count(dataSource, 'outbox')).toBe(10);
    });

    it('stores each event once and opens one session when three processes get the same events at once', async () => {
      // A hub-api behind a load balancer: a retried POST lands on another replica while the
      // first is still storing it, and a new Claude session's first events arrive together.
      const stores = [store];
      for (let i = 0; i < 2; i++) {
        stores.push(
          new SessionStore(await dbs.open(await dbs.location()), {
            ttlHours: TTL_HOURS,
            clock: clock.now,
          }),
        );
      }
      const results = await Promise.all(
        stores.flatMap((each) =>
          Array.from({ length: 10 }, (_, i) =>
            each.recordAndQueueNotification(event({ claudeSessionId: 'new', eventId: `e-${i}` }), {
              chatIds: ['1'],
            }),
          ),
        ),
      );
      expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
      for (let i = 0; i < 10; i++) {
        const ofEvent = results.filter((r) => r.notification.eventId === `e-${i}`);
        expect(ofEvent.map((r) => r.duplicate).sort()).toEqual([false, true, true]);
        expect(new Set(ofEvent.map((r) => r.notification.id)).size).toBe(1);
      }
      expect(await count(dataSource, 'sessions')).toBe(1);
      expect(await count(dataSource, 'notifications')).toBe(10);
      expect(await count(dataSource, 'outbox')).toBe(10);
      expect((await store.listLive()).map((session) => session.name)).toEqual(['kr4:1']);
    });

    it('shares the file with a second process writing at the same time', async () => {
      const other = await dbs.open(await dbs.location());
      const otherStore = new SessionStore(other, { ttlHours: TTL_HOURS, clock: clock.now });
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? store : otherStore).recordAndQueueNotification(
            event({ claudeSessionId: `c-${i}`, eventId: `e-${i}` }),
            { chatIds: ['1'] },
          ),
        ),
      );
      const seqs = results.map((r) => r.session.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await store.listLive()).toHaveLength(40);
      expect(await otherStore.listLive()).toEqual(await store.listLive());
      expect(await count(other, 'outbox')).toBe(40);
    });
  });
});
