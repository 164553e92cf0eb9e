import type { DataSource } from 'typeorm';
import { FakeClock, HOUR, TempDatabases } from '../../test/temp-database.util';
import { OutboxStore } from './outbox.store';
import { type RecordNotificationInput, SessionStore } from './session.store';

const SECOND = 1000;

describe('OutboxStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let sessions: SessionStore;
  let outbox: OutboxStore;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-05-01T08:00:00.000Z');
    sessions = new SessionStore(dataSource, { ttlHours: 24, clock: clock.now });
    outbox = new OutboxStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  const notify = (chatIds: string[], input: Partial<RecordNotificationInput> = {}) =>
    sessions.recordNotification(
      { serverId: 'kr4', type: 'waiting', project: 'api', claudeSessionId: 'u', ...input },
      { chatIds },
    );

  /** Queues a notification for one chat, its message saying `label`; returns its outbox row. */
  const queue = async (chatId: string, label: string): Promise<number> => {
    await notify([chatId], { message: label });
    const [row]: Array<{ id: number }> = await dataSource.query('SELECT max(id) AS id FROM outbox');
    return Number(row!.id);
  };

  describe('pendingForChat', () => {
    it('joins each row with its notification and session', async () => {
      const recorded = await notify(['100'], { message: 'Done?', eventId: 'e1' });
      const [item] = await outbox.pendingForChat('100', 10);
      expect(item.notification).toEqual(recorded.notification);
      expect(item.session).toEqual(recorded.session);
    });

    it("returns only that chat's due rows, oldest first, up to the limit", async () => {
      const first = await queue('100', 'first');
      clock.advance(SECOND);
      await notify(['100', '200']);
      clock.advance(SECOND);
      const third = await queue('100', 'third');
      await queue('200', 'other chat');

      const items = await outbox.pendingForChat('100', 10);
      expect(items.map((i) => i.notification?.message ?? i.notification?.type)).toEqual([
        'first',
        'waiting',
        'third',
      ]);
      expect((await outbox.pendingForChat('100', 2)).map((i) => i.id)).toEqual([
        first,
        items[1].id,
      ]);
      expect((await outbox.pendingForChat('100', 10)).at(-1)?.id).toBe(third);
      expect(await outbox.pendingForChat('300', 10)).toEqual([]);
    });

    it('leaves out rows waiting for a retry until they are due', async () => {
      const a = await queue('100', 'a');
      await queue('100', 'b');
      await outbox.markRetry(
        [a],
        '429 Too Many Requests',
        new Date(clock.now().getTime() + 30 * SECOND),
      );
      expect((await outbox.pendingForChat('100', 10)).map((i) => i.notification?.message)).toEqual([
        'b',
      ]);
      clock.advance(30 * SECOND);
      expect((await outbox.pendingForChat('100', 10)).map((i) => i.notification?.message)).toEqual([
        'a',
        'b',
      ]);
    });

    it('refuses a limit that is not a positive integer', async () => {
      await expect(outbox.pendingForChat('100', 0)).rejects.toThrow(RangeError);
      await expect(outbox.pendingForChat('100', 1.5)).rejects.toThrow(RangeError);
    });
  });

  describe('dueChats', () => {
    it('lists each chat with due rows once, the longest-waiting first', async () => {
      await queue('b', '1');
      clock.advance(SECOND);
      await queue('a', '1');
      await queue('b', '2');
      clock.advance(SECOND);
      await notify(['c', 'a']);
      expect(await outbox.dueChats()).toEqual(['b', 'a', 'c']);
      expect(await outbox.dueChats(2)).toEqual(['b', 'a']);
    });

    it('leaves out chats with nothing due or nothing pending', async () => {
      const later = await queue('later', 'x');
      const sent = await queue('sent', 'x');
      const failed = await queue('failed', 'x');
      await queue('now', 'x');
      await outbox.markRetry([later], 'timeout', new Date(clock.now().getTime() + HOUR));
      await outbox.markSent([sent], 1);
      await outbox.markFailed([failed], 'chat not found');
      expect(await outbox.dueChats()).toEqual(['now']);
      clock.advance(HOUR);
      expect(await outbox.dueChats()).toEqual(['now', 'later']);
    });

    it('is empty on a new database', async () => {
      expect(await outbox.dueChats()).toEqual([]);
    });
  });

  describe('delivery outcomes', () => {
    it('marks rows sent with their Telegram message', async () => {
      const a = await queue('100', 'a');
      const b = await queue('100', 'b');
      clock.advance(SECOND);
      await outbox.markSent([a, b], 555);
      expect(await outbox.pendingForChat('100', 10)).toEqual([]);
      expect(await outbox.countByStatus()).toEqual({ pending: 0, sent: 2, failed: 0 });
      expect(
        await dataSource.query(
          'SELECT status, telegram_message_id, sent_at FROM outbox WHERE id = ?',
          [a],
        ),
      ).toEqual([{ status: 'sent', telegram_message_id: 555, sent_at: clock.now().getTime() }]);
    });

    it('counts attempts and keeps the last error on retry', async () => {
      const a = await queue('100', 'a');
      const next = new Date(clock.now().getTime() + 5 * SECOND);
      await outbox.markRetry([a], '502 Bad Gateway', next);
      await outbox.markRetry([a], '429 Too Many Requests: retry after 5', next);
      expect(
        await dataSource.query('SELECT status, attempts, last_error, next_attempt_at FROM outbox'),
      ).toEqual([
        {
          status: 'pending',
          attempts: 2,
          last_error: '429 Too Many Requests: retry after 5',
          next_attempt_at: next.getTime(),
        },
      ]);
      clock.advance(5 * SECOND);
      expect((await outbox.pendingForChat('100', 1))[0].attempts).toBe(2);
    });

    it('bounds a long error text', async () => {
      const a = await queue('100', 'a');
      await outbox.markFailed([a], 'x'.repeat(10_000));
      const [row]: Array<{ last_error: string }> = await dataSource.query(
        'SELECT last_error FROM outbox',
      );
      expect(row.last_error.length).toBe(2000);
    });

    it('marks rows failed for good', async () => {
      const a = await queue('100', 'a');
      await outbox.markFailed([a], '403 Forbidden: bot was blocked by the user');
      expect(await outbox.countByStatus()).toEqual({ pending: 0, sent: 0, failed: 1 });
      expect(await dataSource.query('SELECT attempts, last_error FROM outbox')).toEqual([
        { attempts: 1, last_error: '403 Forbidden: bot was blocked by the user' },
      ]);
      expect(await outbox.nextDueAt()).toBeNull();
    });

    it('does not change a row once it left pending', async () => {
      const sent = await queue('100', 'a');
      const failed = await queue('100', 'b');
      await outbox.markSent([sent], 1);
      await outbox.markFailed([failed], 'gone');
      await outbox.markRetry([sent, failed], 'late', new Date(clock.now().getTime() + SECOND));
      await outbox.markSent([failed], 2);
      await outbox.markFailed([sent], 'late');
      expect(
        await dataSource.query(
          'SELECT id, status, attempts, telegram_message_id FROM outbox ORDER BY id',
        ),
      ).toEqual([
        { id: sent, status: 'sent', attempts: 0, telegram_message_id: 1 },
        { id: failed, status: 'failed', attempts: 1, telegram_message_id: null },
      ]);
    });

    it('accepts an empty list of ids', async () => {
      await queue('100', 'a');
      await outbox.markSent([], 1);
      await outbox.markRetry([], 'x', clock.now());
      await outbox.markFailed([], 'x');
      expect(await outbox.countByStatus()).toEqual({ pending: 1, sent: 0, failed: 0 });
    });
  });

  describe('nextDueAt', () => {
    it('is the earliest next attempt among pending rows, due or not', async () => {
      expect(await outbox.nextDueAt()).toBeNull();
      const a = await queue('100', 'a');
      const b = await queue('200', 'b');
      const inTen = new Date(clock.now().getTime() + 10 * SECOND);
      const inFive = new Date(clock.now().getTime() + 5 * SECOND);
      await outbox.markRetry([a], 'x', inTen);
      expect(await outbox.nextDueAt()).toEqual(clock.now());
      await outbox.markRetry([b], 'x', inFive);
      expect(await outbox.nextDueAt()).toEqual(inFive);
      await outbox.markSent([b], 9);
      expect(await outbox.nextDueAt()).toEqual(inTen);
    });
  });

  describe('countByStatus', () => {
    it('counts every status, zero included', async () => {
      expect(await outbox.countByStatus()).toEqual({ pending: 0, sent: 0, failed: 0 });
      await notify(['1', '2', '3']);
      const [one] = await outbox.pendingForChat('1', 1);
      await outbox.markSent([one.id], 7);
      expect(await outbox.countByStatus()).toEqual({ pending: 2, sent: 1, failed: 0 });
    });
  });

  describe('findSessionsByTelegramMessage', () => {
    it('finds the one session a sent message reported, in that chat only', async () => {
      const first = await notify(['100', '200'], { claudeSessionId: 'one' });
      const [item] = await outbox.pendingForChat('100', 1);
      await outbox.markSent([item.id], 42);
      expect(await outbox.findSessionsByTelegramMessage('100', 42)).toEqual([first.session]);
      expect(await outbox.findSessionsByTelegramMessage('200', 42)).toEqual([]);
      expect(await outbox.findSessionsByTelegramMessage('100', 43)).toEqual([]);
    });

    it('finds every session of a merged message once, by server and number', async () => {
      const a = await notify(['100'], { serverId: 'kr5', claudeSessionId: 'a' });
      const b = await notify(['100'], { serverId: 'kr4', claudeSessionId: 'b' });
      await notify(['100'], { serverId: 'kr5', claudeSessionId: 'a', type: 'completed' });
      const c = await notify(['100'], { serverId: 'kr4', claudeSessionId: 'c' });
      const ids = (await outbox.pendingForChat('100', 10)).map((i) => i.id);
      await outbox.markSent(ids, 77);
      const found = await outbox.findSessionsByTelegramMessage('100', 77);
      expect(found.map((s) => s.name)).toEqual([b.session.name, c.session.name, a.session.name]);
      expect(found.map((s) => s.name)).toEqual(['kr4:1', 'kr4:2', 'kr5:1']);
    });

    it('finds nothing for a plain message, and expired sessions too', async () => {
      // Message 5 is not one the outbox sent: a command, or one of hub-bot's answers.
      expect(await outbox.findSessionsByTelegramMessage('100', 5)).toEqual([]);

      const recorded = await notify(['100']);
      const [item] = await outbox.pendingForChat('100', 1);
      await outbox.markSent([item.id], 8);
      clock.advance(48 * HOUR);
      const [found] = await outbox.findSessionsByTelegramMessage('100', 8);
      expect(found.id).toBe(recorded.session.id);
      expect(found.expiresAt.getTime()).toBeLessThan(clock.now().getTime());
    });
  });

  it('keeps an outbox row and its notification together under concurrent writes', async () => {
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => notify(['100'], { claudeSessionId: `c${i}` })),
      ...Array.from({ length: 20 }, (_, i) => queue('100', `t${i}`)),
    ]);
    const items = await outbox.pendingForChat('100', 100);
    expect(items).toHaveLength(40);
    expect(items.filter((i) => i.notification !== null && i.session !== null)).toHaveLength(40);
  });
});
