import type { DataSource } from 'typeorm';
import { FakeClock, HOUR, TempDatabases, rowsOf } from '../../test/temp-database.util';
import { dueItems } from '../../test/due-items.util';
import { CLAIM_TIMEOUT_MS, OutboxStore } from './outbox.store';
import { PermissionStore } from './permission.store';
import { type NotificationInput, SessionStore } from './session.store';

const SECOND = 1000;

interface Row {
  id: number;
  status: string;
  merged_count: number;
  superseded_by: number | null;
}

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

  const notify = (chatIds: string[], input: Partial<NotificationInput> = {}) =>
    sessions.recordAndQueueNotification(
      { serverId: 'kr4', type: 'waiting', project: 'api', claudeSessionId: 'u', ...input },
      { chatIds },
    );

  /**
   * Queues a notification for one chat, its message saying `label`, from the Claude session
   * `session` (by default one of its own); returns its outbox row.
   */
  const queue = async (chatId: string, label: string, session = label): Promise<number> => {
    await notify([chatId], { message: label, claudeSessionId: session });
    const [row]: Array<{ id: number }> = await dataSource.query('SELECT max(id) AS id FROM outbox');
    return Number(row!.id);
  };

  /** Claims these rows of a chat for sending, as the sender's look does. */
  const claim = async (ids: number[], chatId = '100'): Promise<void> => {
    await outbox.takeDue(chatId, 100, () => ({ claim: ids }));
  };

  /** Holds these rows of a chat until `until`, as the sender's look does during quiet hours. */
  const hold = async (ids: number[], until: Date, chatId = '100'): Promise<void> => {
    await outbox.takeDue(chatId, 100, () => ({
      hold: [{ ids, reason: 'quiet-hours' as const, until }],
    }));
  };

  /** What the sender does with rows Telegram took: claim them, then mark them sent. */
  const send = async (ids: number[], messageId: number, chatId = '100'): Promise<void> => {
    await claim(ids, chatId);
    await outbox.markSent(ids, messageId);
  };

  const rows = (): Promise<Row[]> =>
    dataSource.query('SELECT id, status, merged_count, superseded_by FROM outbox ORDER BY id');

  const ask = (requestId: string, claudeSessionId = 'u') =>
    new PermissionStore(dataSource, { clock: clock.now }).create(
      {
        serverId: 'kr4',
        project: 'api',
        requestId,
        claudeSessionId,
        toolName: 'Bash',
        toolInput: { command: 'ls' },
        timeoutSeconds: 60,
      },
      { chatIds: ['100'] },
    );

  const counts = (extra: Record<string, number>) => ({
    pending: 0,
    sending: 0,
    held: 0,
    sent: 0,
    failed: 0,
    superseded: 0,
    skipped: 0,
    ...extra,
  });

  describe("a look at a chat's due messages", () => {
    it('joins each row with its notification and session', async () => {
      const recorded = await notify(['100'], { message: 'Done?', eventId: 'e1' });
      const [item] = await dueItems(outbox, '100', 10);
      expect(item).toMatchObject({
        notification: recorded.notification,
        session: recorded.session,
        isRequest: false,
        status: 'pending',
        mergedCount: 0,
      });
    });

    it("returns only that chat's due rows, oldest first, up to the limit", async () => {
      const first = await queue('100', 'first');
      clock.advance(SECOND);
      await notify(['100', '200'], { claudeSessionId: 'both' });
      clock.advance(SECOND);
      const third = await queue('100', 'third');
      await queue('200', 'other chat');

      const items = await dueItems(outbox, '100', 10);
      expect(items.map((i) => i.notification?.message ?? i.notification?.type)).toEqual([
        'first',
        'waiting',
        'third',
      ]);
      expect((await dueItems(outbox, '100', 2)).map((i) => i.id)).toEqual([first, items[1].id]);
      expect((await dueItems(outbox, '100', 10)).at(-1)?.id).toBe(third);
      expect(await dueItems(outbox, '300', 10)).toEqual([]);
    });

    it('puts requests first, then the edits that close them, then notifications', async () => {
      await queue('100', 'older notification', 'a');
      clock.advance(SECOND);
      const first = await ask('r1', 'b');
      clock.advance(SECOND);
      // A newer request of the same session closes the first one: its message is edited.
      await ask('r2', 'b');
      const items = await dueItems(outbox, '100', 10);
      expect(items.map((i) => [i.kind, i.isRequest])).toEqual([
        ['permission', true],
        ['permission', true],
        ['permission-outcome', false],
        ['message', false],
      ]);
      expect(items[0].permission?.id).toBe(first.request.id);
    });

    it('leaves out rows waiting for a retry until they are due', async () => {
      const a = await queue('100', 'a');
      await queue('100', 'b');
      await claim([a]);
      await outbox.markRetry(
        [a],
        '429 Too Many Requests',
        new Date(clock.now().getTime() + 30 * SECOND),
      );
      expect((await dueItems(outbox, '100', 10)).map((i) => i.notification?.message)).toEqual([
        'b',
      ]);
      clock.advance(30 * SECOND);
      expect((await dueItems(outbox, '100', 10)).map((i) => i.notification?.message)).toEqual([
        'a',
        'b',
      ]);
    });

    it('refuses a limit that is not a positive integer', async () => {
      await expect(dueItems(outbox, '100', 0)).rejects.toThrow(RangeError);
      await expect(dueItems(outbox, '100', 1.5)).rejects.toThrow(RangeError);
    });
  });

  describe('latest state wins', () => {
    it("supersedes a session's waiting notification by its newer one, which stands for all before it", async () => {
      const first = await queue('100', 'first', 'same');
      const second = await queue('100', 'second', 'same');
      const third = await queue('100', 'third', 'same');
      const other = await queue('100', 'other');
      expect(await rows()).toEqual([
        { id: first, status: 'superseded', merged_count: 0, superseded_by: second },
        { id: second, status: 'superseded', merged_count: 1, superseded_by: third },
        { id: third, status: 'pending', merged_count: 2, superseded_by: null },
        { id: other, status: 'pending', merged_count: 0, superseded_by: null },
      ]);
      const items = await dueItems(outbox, '100', 10);
      expect(items.map((i) => [i.notification?.message, i.mergedCount])).toEqual([
        ['third', 2],
        ['other', 0],
      ]);
    });

    it('does so per chat, and supersedes a held notification too', async () => {
      await notify(['100', '200'], { message: 'one' });
      const [held] = await dueItems(outbox, '200', 10);
      await hold([held.id], new Date(clock.now().getTime() + HOUR), '200');
      await notify(['100', '200'], { message: 'two' });
      for (const chat of ['100', '200']) {
        clock.advance(HOUR);
        expect(
          (await dueItems(outbox, chat, 10)).map((i) => [i.notification?.message, i.mergedCount]),
        ).toEqual([['two', 1]]);
      }
      expect(await outbox.countByStatus()).toEqual(counts({ pending: 2, superseded: 2 }));
    });

    it('leaves a claimed notification alone: it is going out already', async () => {
      const going = await queue('100', 'going', 'same');
      await claim([going]);
      const next = await queue('100', 'next', 'same');
      await outbox.markSent([going], 7);
      expect(await rows()).toEqual([
        { id: going, status: 'sent', merged_count: 0, superseded_by: null },
        { id: next, status: 'pending', merged_count: 0, superseded_by: null },
      ]);
    });

    it('never supersedes a request', async () => {
      const asked = await ask('r1', 'same');
      // A `permission` notification of the session waits on that very request: no row at all.
      await notify(['100'], { claudeSessionId: 'same', type: 'permission' });
      const items = await dueItems(outbox, '100', 10);
      expect(items.map((i) => i.kind)).toEqual(['permission']);
      expect(items[0].permission?.id).toBe(asked.request.id);
    });
  });

  describe('takeDue', () => {
    it('claims rows for sending, so that they are neither due nor superseded', async () => {
      const a = await queue('100', 'a', 'same');
      const seen = await outbox.takeDue('100', 10, (items) => ({
        claim: items.map((i) => i.id),
        seen: items.map((i) => i.notification?.message),
      }));
      expect('seen' in seen && seen.seen).toEqual(['a']);
      await queue('100', 'b', 'same');
      // The claim closes the chat until `a` is marked; opened, a look is shown `b` alone.
      await expect(dueItems(outbox, '100', 10)).rejects.toThrow('closed');
      await outbox.openChatAt('100', clock.now());
      expect((await dueItems(outbox, '100', 10)).map((i) => i.notification?.message)).toEqual([
        'b',
      ]);
      expect(await rows()).toEqual([
        { id: a, status: 'sending', merged_count: 0, superseded_by: null },
        { id: a + 1, status: 'pending', merged_count: 0, superseded_by: null },
      ]);
    });

    it('records what was held, skipped and failed, with why', async () => {
      const held = await queue('100', 'held');
      const skipped = await queue('100', 'skipped');
      const failed = await queue('100', 'failed');
      const until = new Date(clock.now().getTime() + HOUR);
      await outbox.takeDue('100', 10, () => ({
        hold: [{ ids: [held], reason: 'mute' as const, until }],
        skip: [{ ids: [skipped], reason: 'presence' as const }],
        fail: [{ ids: [failed], error: 'the session expired' }],
      }));
      expect(
        await rowsOf(
          dataSource,
          'SELECT id, status, quiet_reason, next_attempt_at, last_error FROM outbox ORDER BY id',
        ),
      ).toEqual([
        {
          id: held,
          status: 'held',
          quiet_reason: 'mute',
          next_attempt_at: until.getTime(),
          last_error: null,
        },
        {
          id: skipped,
          status: 'skipped',
          quiet_reason: 'presence',
          next_attempt_at: clock.now().getTime(),
          last_error: null,
        },
        {
          id: failed,
          status: 'failed',
          quiet_reason: null,
          next_attempt_at: clock.now().getTime(),
          last_error: 'the session expired',
        },
      ]);
    });

    it('touches only the rows it read', async () => {
      const other = await queue('200', 'other chat');
      const later = await queue('100', 'later');
      await claim([later]);
      await outbox.markRetry([later], 'x', new Date(clock.now().getTime() + HOUR));
      await outbox.takeDue('100', 10, () => ({ claim: [other, later] }));
      expect(await outbox.countByStatus()).toEqual(counts({ pending: 2 }));
    });

    it('releases the claims of a hub that stopped while sending, once they time out, latest state still winning', async () => {
      const a = await queue('100', 'a', 'same');
      const lone = await queue('100', 'lone');
      await claim([a, lone]);
      const b = await queue('100', 'b', 'same');
      // Another hub-api may still be asking Telegram: its claims are left alone for a while.
      clock.advance(CLAIM_TIMEOUT_MS - 1);
      expect(await outbox.releaseStaleClaims()).toBe(0);
      expect(await outbox.takeDue('100', 10, () => ({}))).toEqual({
        closed: true,
        opensAt: new Date(clock.now().getTime() + 1),
      });
      clock.advance(1);
      expect(await outbox.releaseStaleClaims()).toBe(2);
      expect(await rows()).toEqual([
        { id: a, status: 'superseded', merged_count: 0, superseded_by: b },
        { id: lone, status: 'pending', merged_count: 0, superseded_by: null },
        { id: b, status: 'pending', merged_count: 1, superseded_by: null },
      ]);
      // The chat is open again, for the rows released.
      const look = await outbox.takeDue('100', 10, (items) => ({
        claim: [],
        seen: items.map((i) => i.id),
      }));
      expect('seen' in look && look.seen).toEqual([lone, b]);
    });

    it('keeps a chat closed while its message is in flight, then until its rate limit opens it', async () => {
      const a = await queue('100', 'a');
      const b = await queue('100', 'b');
      await claim([a]);
      const decide = jest.fn(() => ({ claim: [b] }));
      expect(await outbox.takeDue('100', 10, decide)).toEqual({
        closed: true,
        opensAt: expect.any(Date),
      });
      expect(decide).not.toHaveBeenCalled();
      // Another chat is not held up.
      const other = await queue('200', 'other');
      await claim([other], '200');
      await outbox.markSent([a], 7, { chatOpensAt: new Date(clock.now().getTime() + SECOND) });
      expect(await outbox.takeDue('100', 10, decide)).toEqual({
        closed: true,
        opensAt: new Date(clock.now().getTime() + SECOND),
      });
      clock.advance(SECOND);
      await claim([b]);
      expect(await outbox.countByStatus('100')).toEqual(counts({ sent: 1, sending: 1 }));
      // A 429 keeps the chat closed for as long as Telegram asked.
      await outbox.markRetry([b], '429', new Date(clock.now().getTime() + 5 * SECOND), {
        chatOpensAt: new Date(clock.now().getTime() + 5 * SECOND),
      });
      expect(await outbox.takeDue('100', 10, decide)).toEqual({
        closed: true,
        opensAt: new Date(clock.now().getTime() + 5 * SECOND),
      });
    });

    it('gives each row to one of several processes looking at the same chats at once', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 4; i++) {
        ids.push(await queue('100', `a${i}`), await queue('200', `b${i}`));
      }
      const stores = [outbox];
      for (let i = 0; i < 3; i++) {
        stores.push(new OutboxStore(await dbs.open(await dbs.location()), { clock: clock.now }));
      }
      const looks = await Promise.all(
        stores.flatMap((store) =>
          ['100', '200'].map((chatId) =>
            store.takeDue(chatId, 10, (items) => ({ claim: items.map((item) => item.id) })),
          ),
        ),
      );
      const claimed = looks.flatMap((look) => ('claim' in look ? look.claim : []));
      // One look per chat claimed its rows; the others found the chat taken.
      expect(claimed.sort((x, y) => x - y)).toEqual(ids.sort((x, y) => x - y));
      expect(looks.filter((look) => 'claim' in look && look.claim.length > 0)).toHaveLength(2);
      expect(await outbox.countByStatus()).toEqual(counts({ sending: 8 }));
    });
  });

  describe('delivery outcomes', () => {
    it('marks claimed rows sent with their Telegram message, silently or not', async () => {
      const a = await queue('100', 'a');
      const b = await queue('100', 'b');
      clock.advance(SECOND);
      await claim([a, b]);
      await outbox.markSent([a, b], 555, { silent: true, quietReason: 'quiet-hours' });
      expect(await dueItems(outbox, '100', 10)).toEqual([]);
      expect(await outbox.countByStatus()).toEqual(counts({ sent: 2 }));
      expect(
        await rowsOf(
          dataSource,
          'SELECT status, telegram_message_id, sent_at, silent, quiet_reason FROM outbox WHERE id = :a',
          { a },
        ),
      ).toEqual([
        {
          status: 'sent',
          telegram_message_id: 555,
          sent_at: clock.now().getTime(),
          silent: true,
          quiet_reason: 'quiet-hours',
        },
      ]);
    });

    it('counts attempts and keeps the last error on retry', async () => {
      const a = await queue('100', 'a');
      const next = new Date(clock.now().getTime() + 5 * SECOND);
      await claim([a]);
      await outbox.markRetry([a], '502 Bad Gateway', next);
      clock.advance(5 * SECOND);
      await claim([a]);
      await outbox.markRetry([a], '429 Too Many Requests: retry after 5', next);
      expect(
        await rowsOf(
          dataSource,
          'SELECT status, attempts, last_error, next_attempt_at FROM outbox',
        ),
      ).toEqual([
        {
          status: 'pending',
          attempts: 2,
          last_error: '429 Too Many Requests: retry after 5',
          next_attempt_at: next.getTime(),
        },
      ]);
      clock.advance(5 * SECOND);
      expect((await dueItems(outbox, '100', 1))[0].attempts).toBe(2);
    });

    it('lets a newer state supersede a notification that failed to go out', async () => {
      const a = await queue('100', 'a', 'same');
      await claim([a]);
      const b = await queue('100', 'b', 'same');
      const c = await queue('100', 'c', 'same');
      await outbox.markRetry([a], '502 Bad Gateway', clock.now());
      expect(await rows()).toEqual([
        { id: a, status: 'superseded', merged_count: 0, superseded_by: c },
        { id: b, status: 'superseded', merged_count: 0, superseded_by: c },
        { id: c, status: 'pending', merged_count: 2, superseded_by: null },
      ]);
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
      expect(await outbox.countByStatus()).toEqual(counts({ failed: 1 }));
      expect(await dataSource.query('SELECT attempts, last_error FROM outbox')).toEqual([
        { attempts: 1, last_error: '403 Forbidden: bot was blocked by the user' },
      ]);
      expect(await outbox.nextDueAt()).toBeNull();
    });

    it('does not change a row once it has ended', async () => {
      const sent = await queue('100', 'a');
      const failed = await queue('100', 'b');
      await send([sent], 1);
      await outbox.markFailed([failed], 'gone');
      await outbox.markRetry([sent, failed], 'late', new Date(clock.now().getTime() + SECOND));
      await outbox.markSent([failed], 2);
      await outbox.markFailed([sent], 'late');
      await outbox.takeDue('100', 10, () => ({
        claim: [sent],
        hold: [{ ids: [sent], reason: 'mute' as const, until: clock.now() }],
        skip: [{ ids: [failed], reason: 'presence' as const }],
      }));
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
      await claim([]);
      await outbox.markSent([], 1);
      await outbox.markRetry([], 'x', clock.now());
      await outbox.markFailed([], 'x');
      expect(await outbox.countByStatus()).toEqual(counts({ pending: 1 }));
    });
  });

  describe('holding', () => {
    it('keeps a held row out of sight until its hold is to end', async () => {
      const a = await queue('100', 'a');
      const until = new Date(clock.now().getTime() + HOUR);
      await hold([a], until);
      expect(await dueItems(outbox, '100', 10)).toEqual([]);
      expect(await outbox.dueChats()).toEqual([]);
      expect(await outbox.nextDueAt()).toEqual(until);
      clock.advance(HOUR);
      const [item] = await dueItems(outbox, '100', 10);
      expect(item).toMatchObject({ id: a, status: 'held' });
      await send([a], 3);
      expect(await outbox.countByStatus()).toEqual(counts({ sent: 1 }));
    });

    it('looks at held rows again at once when the chat changes its settings', async () => {
      const a = await queue('100', 'a');
      const other = await queue('200', 'b');
      await hold([a], new Date(clock.now().getTime() + HOUR));
      await hold([other], new Date(clock.now().getTime() + HOUR), '200');
      await outbox.recheckHeld('100');
      expect((await dueItems(outbox, '100', 10)).map((i) => i.id)).toEqual([a]);
      expect(await dueItems(outbox, '200', 10)).toEqual([]);
    });
  });

  describe('nextDueAt', () => {
    it('is the earliest next attempt among waiting rows, due or not', async () => {
      expect(await outbox.nextDueAt()).toBeNull();
      const a = await queue('100', 'a');
      const b = await queue('200', 'b');
      const inTen = new Date(clock.now().getTime() + 10 * SECOND);
      const inFive = new Date(clock.now().getTime() + 5 * SECOND);
      await claim([a]);
      await claim([b], '200');
      await outbox.markRetry([a], 'x', inTen);
      expect(await outbox.nextDueAt()).toEqual(inTen);
      await outbox.markRetry([b], 'x', inFive);
      expect(await outbox.nextDueAt()).toEqual(inFive);
      clock.advance(5 * SECOND);
      await send([b], 9, '200');
      expect(await outbox.nextDueAt()).toEqual(inTen);
    });
  });

  describe('countByStatus', () => {
    it('counts every status, zero included, of all chats or one', async () => {
      expect(await outbox.countByStatus()).toEqual(counts({}));
      await notify(['1', '2', '3']);
      const [one] = await dueItems(outbox, '1', 1);
      await send([one.id], 7, '1');
      expect(await outbox.countByStatus()).toEqual(counts({ pending: 2, sent: 1 }));
      expect(await outbox.countByStatus('1')).toEqual(counts({ sent: 1 }));
    });
  });

  describe('findSessionsByTelegramMessage', () => {
    it('finds the one session a sent message reported, in that chat only', async () => {
      const first = await notify(['100', '200'], { claudeSessionId: 'one' });
      const [item] = await dueItems(outbox, '100', 1);
      await send([item.id], 42);
      expect(await outbox.findSessionsByTelegramMessage('100', 42)).toEqual([first.session]);
      expect(await outbox.findSessionsByTelegramMessage('200', 42)).toEqual([]);
      expect(await outbox.findSessionsByTelegramMessage('100', 43)).toEqual([]);
    });

    it('finds every session of a merged message once, by server and number', async () => {
      const a = await notify(['100'], { serverId: 'kr5', claudeSessionId: 'a' });
      const b = await notify(['100'], { serverId: 'kr4', claudeSessionId: 'b' });
      await notify(['100'], { serverId: 'kr5', claudeSessionId: 'a', type: 'completed' });
      const c = await notify(['100'], { serverId: 'kr4', claudeSessionId: 'c' });
      const ids = (await dueItems(outbox, '100', 10)).map((i) => i.id);
      expect(ids).toHaveLength(3);
      await send(ids, 77);
      const found = await outbox.findSessionsByTelegramMessage('100', 77);
      expect(found.map((s) => s.name)).toEqual([b.session.name, c.session.name, a.session.name]);
      expect(found.map((s) => s.name)).toEqual(['kr4:1', 'kr4:2', 'kr5:1']);
    });

    it('finds nothing for a plain message, and expired sessions too', async () => {
      // Message 5 is not one the outbox sent: a command, or one of hub-bot's answers.
      expect(await outbox.findSessionsByTelegramMessage('100', 5)).toEqual([]);

      const recorded = await notify(['100']);
      const [item] = await dueItems(outbox, '100', 1);
      await send([item.id], 8);
      clock.advance(48 * HOUR);
      const [found] = await outbox.findSessionsByTelegramMessage('100', 8);
      expect(found.id).toBe(recorded.session.id);
      expect(found.expiresAt.getTime()).toBeLessThan(clock.now().getTime());
    });
  });

  it('keeps one waiting row per session, standing for all, under concurrent writes', async () => {
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        notify(['100'], { claudeSessionId: `c${i % 20}`, message: `m${i}` }),
      ),
    );
    const items = await dueItems(outbox, '100', 100);
    expect(items).toHaveLength(20);
    expect(items.filter((i) => i.notification !== null && i.session !== null)).toHaveLength(20);
    expect(items.reduce((sum, i) => sum + 1 + i.mergedCount, 0)).toBe(60);
    expect(await outbox.countByStatus()).toEqual(counts({ pending: 20, superseded: 40 }));
  });
});
