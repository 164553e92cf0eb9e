import type { DataSource } from 'typeorm';
import { FakeClock, HOUR, TempDatabases } from '../../test/temp-database.util';
import { dueItems } from '../../test/due-items.util';
import { OutboxStore } from './outbox.store';
import {
  type CreatePermissionInput,
  PermissionStore,
  RequestIdConflictError,
} from './permission.store';
import { PermissionNotFoundError } from './request-query.util';
import { type NotificationInput, SessionStore } from './session.store';

const SECOND = 1000;

function request(overrides: Partial<CreatePermissionInput> = {}): CreatePermissionInput {
  return {
    serverId: 'kr4',
    project: 'webapp',
    requestId: 'req-1',
    claudeSessionId: 'claude-a',
    cwd: '/home/dev/webapp',
    hostname: 'kr4.example',
    tmux: { session: 'work', window: '1', pane: '%3' },
    toolName: 'Bash',
    toolInput: { command: 'rm -rf node_modules && npm install' },
    permissionSuggestions: [{ type: 'addRules', destination: 'localSettings' }],
    permissionMode: 'default',
    timeoutSeconds: 300,
    ...overrides,
  };
}

interface OutboxRow {
  chat_id: string;
  kind: string;
  permission_id: number | null;
  status: string;
}

describe('PermissionStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let store: PermissionStore;
  let sessions: SessionStore;
  let outbox: OutboxStore;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-04-01T09:00:00.000Z');
    store = new PermissionStore(dataSource, { clock: clock.now });
    sessions = new SessionStore(dataSource, { ttlHours: 24, clock: clock.now });
    outbox = new OutboxStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  const ask = (overrides: Partial<CreatePermissionInput> = {}, chatIds: string[] = ['100']) =>
    store.create(request(overrides), { chatIds });

  const notify = (overrides: Partial<NotificationInput> = {}) =>
    sessions.recordAndQueueNotification(
      {
        serverId: 'kr4',
        type: 'completed',
        project: 'webapp',
        claudeSessionId: 'claude-a',
        ...overrides,
      },
      { chatIds: ['100'] },
    );

  const outboxRows = (): Promise<OutboxRow[]> =>
    dataSource.query('SELECT chat_id, kind, permission_id, status FROM outbox ORDER BY id');

  describe('create', () => {
    it('stores a pending request that expires when the CLI stops waiting', async () => {
      const created = await ask();
      expect(created.duplicate).toBe(false);
      expect(created.closed).toEqual([]);
      expect(created.request).toEqual({
        id: expect.any(Number),
        requestId: 'req-1',
        sessionId: created.session.id,
        kind: 'permission',
        toolName: 'Bash',
        toolInput: { command: 'rm -rf node_modules && npm install' },
        suggestions: [{ type: 'addRules', destination: 'localSettings' }],
        permissionMode: 'default',
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        createdAt: clock.now(),
        expiresAt: new Date(clock.now().getTime() + 300 * SECOND),
        feedback: null,
        feedbackAskedAt: null,
        answers: [],
      });
      expect(await store.get('req-1')).toEqual({
        request: created.request,
        session: created.session,
      });
      expect(await store.getById(created.request.id)).toEqual({
        request: created.request,
        session: created.session,
      });
    });

    it('finds or starts the session exactly as a notification of it does', async () => {
      const created = await ask();
      expect(created.session).toMatchObject({
        name: 'kr4:1',
        project: 'webapp',
        lastType: 'permission',
        tmux: { session: 'work', window: '1', pane: '%3' },
        expiresAt: new Date(clock.now().getTime() + 24 * HOUR),
      });
      clock.advance(SECOND);
      const notified = await notify({ type: 'waiting' });
      expect(notified.session.id).toBe(created.session.id);
      expect(notified.session.token).toBe(created.session.token);
      const other = await ask({ requestId: 'req-2', claudeSessionId: 'claude-b' });
      expect(other.session.name).toBe('kr4:2');
    });

    it('slides the session by the TTL it is given', async () => {
      const created = await store.create(request(), { chatIds: [], ttlHours: 2 });
      expect(created.session.expiresAt).toEqual(new Date(clock.now().getTime() + 2 * HOUR));
      await expect(store.create(request(), { chatIds: [], ttlHours: 0 })).rejects.toThrow(
        RangeError,
      );
    });

    it('queues one permission message per chat, and none when Telegram is off', async () => {
      const created = await ask({}, ['100', '200', '100']);
      expect(await outboxRows()).toEqual([
        {
          chat_id: '100',
          kind: 'permission',
          permission_id: created.request.id,
          status: 'pending',
        },
        {
          chat_id: '200',
          kind: 'permission',
          permission_id: created.request.id,
          status: 'pending',
        },
      ]);
      await ask({ requestId: 'req-2', claudeSessionId: 'claude-b' }, []);
      expect(await outboxRows()).toHaveLength(2);
    });

    it('stores a retried request once and returns it as it stands', async () => {
      const first = await ask();
      await store.decide(first.request.id, 'deny', 'Ann');
      clock.advance(SECOND);
      const again = await ask({ toolName: 'Other' });
      expect(again.duplicate).toBe(true);
      expect(again.request).toMatchObject({
        id: first.request.id,
        toolName: 'Bash',
        status: 'deny',
      });
      expect(again.session.lastEventAt).toEqual(first.session.lastEventAt);
      expect(await outboxRows()).toHaveLength(1);
    });

    it('refuses a requestId another server already used', async () => {
      await ask();
      await expect(ask({ serverId: 'web' })).rejects.toBeInstanceOf(RequestIdConflictError);
      expect(await outboxRows()).toHaveLength(1);
    });

    it('refuses input outside the protocol bounds, storing nothing', async () => {
      await expect(ask({ serverId: 'bad id' })).rejects.toThrow(TypeError);
      await expect(ask({ timeoutSeconds: 0 })).rejects.toThrow(RangeError);
      await expect(ask({ timeoutSeconds: 1.5 })).rejects.toThrow(RangeError);
      await expect(ask({ requestId: '' })).rejects.toThrow(RangeError);
      await expect(ask({ toolName: 'x'.repeat(129) })).rejects.toThrow(RangeError);
      await expect(ask({ toolInput: { command: 'x'.repeat(33 * 1024) } })).rejects.toThrow(
        RangeError,
      );
      expect(
        await dataSource.query('SELECT CAST(count(*) AS integer) AS n FROM permission_requests'),
      ).toEqual([{ n: 0 }]);
    });
  });

  describe('closing when the session moved on', () => {
    it('closes older pending requests of the session and queues the edit of their messages', async () => {
      const first = await ask({ requestId: 'req-1' });
      const quiet = await ask({ requestId: 'req-q', claudeSessionId: 'claude-a' }, []);
      const otherSession = await ask({ requestId: 'req-b', claudeSessionId: 'claude-b' });
      clock.advance(5 * SECOND);

      const second = await ask({ requestId: 'req-2' });
      expect(second.closed.map((r) => r.requestId)).toEqual(['req-q']);
      // req-1 was closed when req-q came: a session asks one thing at a time.
      const firstNow = await store.get('req-1');
      expect(firstNow?.request).toMatchObject({
        status: 'answered-on-server',
        decidedBy: null,
        decidedAt: new Date(clock.now().getTime() - 5 * SECOND),
      });
      expect((await store.get('req-q'))?.request).toMatchObject({
        status: 'answered-on-server',
        decidedAt: clock.now(),
      });
      expect((await store.get('req-b'))?.request.status).toBe('pending');
      expect(second.request.status).toBe('pending');

      const rows = await outboxRows();
      // req-q had no message, so only req-1's gets an edit.
      expect(rows.filter((r) => r.kind === 'permission-outcome')).toEqual([
        {
          chat_id: '100',
          kind: 'permission-outcome',
          permission_id: first.request.id,
          status: 'pending',
        },
      ]);
      expect(rows.filter((r) => r.permission_id === otherSession.request.id)).toHaveLength(1);
      expect(quiet.request.id).toBeLessThan(second.request.id);
    });

    it('closes them on a newer notification, which queues the edit before its own message', async () => {
      const asked = await ask();
      clock.advance(SECOND);
      const notified = await notify({ type: 'completed' });
      expect(notified.closedPermissions).toEqual([
        { ...asked.request, status: 'answered-on-server', decidedAt: clock.now() },
      ]);
      const pending = await dueItems(outbox, '100', 10);
      expect(pending.map((item) => item.kind)).toEqual([
        'permission',
        'permission-outcome',
        'message',
      ]);
      expect(pending[1].permission?.status).toBe('answered-on-server');
      expect(pending[1].session?.id).toBe(asked.session.id);
    });

    it('keeps them open on a `permission` notification, which reports the same dialog', async () => {
      await ask();
      clock.advance(SECOND);
      const notified = await notify({ type: 'permission' });
      expect(notified.closedPermissions).toEqual([]);
      expect((await store.get('req-1'))?.request.status).toBe('pending');
    });

    it('queues no message for a `permission` notification while a request waits on that dialog', async () => {
      const asked = await ask();
      const before = await outboxRows();
      clock.advance(SECOND);
      const notified = await notify({ type: 'permission' });
      expect(notified.shownByPermissionRequest).toBe(true);
      expect(notified.notification.type).toBe('permission');
      expect(await outboxRows()).toEqual(before);
      const [stored]: Array<{ n: number }> = await dataSource.query(
        "SELECT CAST(count(*) AS integer) AS n FROM notifications WHERE type = 'permission'",
      );
      expect(stored.n).toBe(1);
      expect((await store.get('req-1'))?.request.status).toBe('pending');

      // Once the request is decided, or its CLI stopped waiting, the notification is news again.
      await store.decide(asked.request.id, 'allow', 'Ann');
      const after = await notify({ type: 'permission' });
      expect(after.shownByPermissionRequest).toBe(false);
      expect((await outboxRows()).slice(before.length)).toEqual([
        { chat_id: '100', kind: 'message', permission_id: null, status: 'pending' },
      ]);
      await ask({ requestId: 'req-2', timeoutSeconds: 5 });
      clock.advance(5 * SECOND);
      expect((await notify({ type: 'permission' })).shownByPermissionRequest).toBe(false);
    });

    it('sends a `permission` notification of a session with no waiting request, and other types always', async () => {
      await ask({ claudeSessionId: 'claude-b' });
      const rows = (await outboxRows()).length;
      const other = await notify({ type: 'permission' });
      expect(other.shownByPermissionRequest).toBe(false);
      const waiting = await notify({ type: 'waiting', claudeSessionId: 'claude-b' });
      expect(waiting.shownByPermissionRequest).toBe(false);
      expect((await outboxRows()).slice(rows).map((r) => r.kind)).toEqual([
        'message',
        'permission-outcome',
        'message',
      ]);
    });

    it('leaves requests of other sessions and decided requests alone', async () => {
      const decided = await ask({ requestId: 'req-d' });
      await store.decide(decided.request.id, 'allow', 'Ann');
      await ask({ requestId: 'req-b', claudeSessionId: 'claude-b' });
      const notified = await notify();
      expect(notified.closedPermissions).toEqual([]);
      expect((await store.get('req-d'))?.request.status).toBe('allow');
      expect((await store.get('req-b'))?.request.status).toBe('pending');
    });

    it('queues no edit for a message Telegram refused for good', async () => {
      const asked = await ask();
      const [item] = await dueItems(outbox, '100', 1);
      await outbox.markFailed([item.id], '400 Bad Request: chat not found');
      await notify();
      expect((await store.get('req-1'))?.request.status).toBe('answered-on-server');
      expect((await outboxRows()).filter((r) => r.permission_id === asked.request.id)).toEqual([
        { chat_id: '100', kind: 'permission', permission_id: asked.request.id, status: 'failed' },
      ]);
    });
  });

  describe('an event of an earlier turn, delivered late', () => {
    // The hub was down during turn p1: its hook spooled p1's events, and the next turn's
    // UserPromptSubmit hook sends them, in the background, after p2 asked.
    it("leaves a later prompt's request, and the session's state, as they are", async () => {
      const p1SentAt = clock.now();
      clock.advance(30 * SECOND);
      const asked = await ask({ promptId: 'p2', sentAt: clock.now() });
      clock.advance(SECOND);

      const upsLate = await sessions.recordSessionEvent({
        serverId: 'kr4',
        event: 'UserPromptSubmit',
        project: 'webapp',
        claudeSessionId: 'claude-a',
        promptId: 'p1',
        sentAt: p1SentAt,
      });
      expect(upsLate.closedPermissions).toEqual([]);
      expect(upsLate.session).toMatchObject({ state: 'asking', lastEventAt: clock.now() });
      const stopLate = await notify({ event: 'Stop', promptId: 'p1', sentAt: p1SentAt });
      expect(stopLate.closedPermissions).toEqual([]);
      expect(stopLate.session).toMatchObject({
        state: 'asking',
        stateSince: asked.session.stateSince,
      });
      expect((await store.get('req-1'))?.request.status).toBe('pending');
      // The late Stop is still news of its turn: its message goes out; no edit takes the buttons.
      expect((await outboxRows()).map((row) => row.kind)).toEqual(['permission', 'message']);

      // The request's own turn ends: Claude is past the dialog.
      clock.advance(SECOND);
      const stop = await notify({ event: 'Stop', promptId: 'p2', sentAt: clock.now() });
      expect(stop.closedPermissions.map((closed) => closed.id)).toEqual([asked.request.id]);
      expect(stop.session.state).toBe('idle');
      expect((await store.get('req-1'))?.request.status).toBe('answered-on-server');
    });

    it('closes the request on an event of a later prompt', async () => {
      await ask({ promptId: 'p2', sentAt: clock.now() });
      clock.advance(SECOND);
      const later = await notify({ event: 'Stop', promptId: 'p3', sentAt: clock.now() });
      expect(later.closedPermissions).toHaveLength(1);
      expect(later.session.state).toBe('idle');
    });

    it('closes as before when the request or the event has no prompt id (older hooks)', async () => {
      const sentAt = clock.now();
      clock.advance(SECOND);
      await ask({ requestId: 'req-old', sentAt: clock.now() });
      const onOld = await notify({ event: 'Stop', promptId: 'p1', sentAt });
      expect(onOld.closedPermissions.map((closed) => closed.requestId)).toEqual(['req-old']);

      await ask({ requestId: 'req-new', promptId: 'p2', sentAt: clock.now() });
      const fromOld = await notify({ event: 'Stop', sentAt });
      expect(fromOld.closedPermissions.map((closed) => closed.requestId)).toEqual(['req-new']);
    });
  });

  describe('answered in the terminal (seen by the waiting CLI)', () => {
    it('closes a pending request and queues one edit per chat, whatever its messages', async () => {
      const asked = await store.create(
        request({ toolName: 'AskUserQuestion', toolInput: { questions: [] } }),
        { chatIds: ['100', '200'], messages: 3 },
      );
      expect(asked.session).toMatchObject({ state: 'asking' });
      clock.advance(SECOND);
      const closed = await store.answeredOnServer('kr4', 'req-1');
      expect(closed).toMatchObject({
        changed: true,
        request: { status: 'answered-on-server', decidedAt: clock.now(), decidedBy: null },
        // Claude went on at the terminal.
        session: { state: 'working', stateSince: clock.now() },
      });
      expect((await store.get('req-1'))?.request.status).toBe('answered-on-server');
      expect((await outboxRows()).filter((row) => row.kind === 'permission-outcome')).toEqual([
        {
          chat_id: '100',
          kind: 'permission-outcome',
          permission_id: asked.request.id,
          status: 'pending',
        },
        {
          chat_id: '200',
          kind: 'permission-outcome',
          permission_id: asked.request.id,
          status: 'pending',
        },
      ]);
    });

    it('leaves a request a person answered first as it is', async () => {
      const asked = await ask();
      await store.decide(asked.request.id, 'deny', '@ana');
      expect(await store.answeredOnServer('kr4', 'req-1')).toMatchObject({
        changed: false,
        request: { status: 'deny', decidedBy: '@ana' },
      });
    });

    it("treats another server's request as unknown", async () => {
      await ask();
      await expect(store.answeredOnServer('kr5', 'req-1')).rejects.toThrow(PermissionNotFoundError);
      await expect(store.answeredOnServer('kr4', 'nope')).rejects.toThrow(PermissionNotFoundError);
      expect((await store.get('req-1'))?.request.status).toBe('pending');
    });
  });

  describe('several messages', () => {
    it("queues a request's messages for each chat in order, and refuses a count it cannot show", async () => {
      const asked = await store.create(request(), { chatIds: ['100', '200'], messages: 2 });
      const parts = (chatId: string) =>
        dueItems(outbox, chatId, 10).then((items) => items.map((i) => [i.kind, i.part]));
      expect(await parts('100')).toEqual([
        ['permission', 0],
        ['permission', 1],
      ]);
      expect(await parts('200')).toEqual([
        ['permission', 0],
        ['permission', 1],
      ]);
      const [first, second] = await dueItems(outbox, '100', 10);
      await outbox.takeDue('100', 10, () => ({ claim: [first!.id, second!.id] }));
      await outbox.markSent([first!.id], 41);
      await outbox.markSent([second!.id], 42);
      expect(await outbox.sentMessageOf(asked.request.id)).toEqual([
        { chatId: '100', messageId: 41, part: 0 },
        { chatId: '100', messageId: 42, part: 1 },
      ]);
      expect(await outbox.requestMessageAt('100', 42)).toEqual({
        permissionId: asked.request.id,
        part: 1,
      });
      expect(await outbox.requestMessageAt('200', 42)).toBeNull();
      for (const messages of [0, 9, 1.5]) {
        await expect(
          store.create(request({ requestId: `r-${messages}` }), { chatIds: ['100'], messages }),
        ).rejects.toThrow(RangeError);
      }
    });
  });

  describe('decide', () => {
    it('records the first answer and who gave it', async () => {
      const asked = await ask();
      clock.advance(10 * SECOND);
      const decided = await store.decide(asked.request.id, 'allow-session', '  Ann Smith ');
      expect(decided.changed).toBe(true);
      // Claude goes on once answered.
      expect(asked.session).toMatchObject({ state: 'asking' });
      expect(decided.session).toEqual({
        ...asked.session,
        state: 'working',
        stateSince: clock.now(),
      });
      expect(decided.request).toEqual({
        ...asked.request,
        status: 'allow-session',
        decidedBy: 'Ann Smith',
        decidedAt: clock.now(),
      });
      expect((await store.get('req-1'))?.request).toEqual(decided.request);
    });

    it('changes nothing on a second press', async () => {
      const asked = await ask();
      const first = await store.decide(asked.request.id, 'deny', 'Ann');
      clock.advance(SECOND);
      const second = await store.decide(asked.request.id, 'allow', 'Bob');
      expect(second.changed).toBe(false);
      expect(second.request).toEqual(first.request);
    });

    it('changes nothing once the request expired, even before expireDue ran', async () => {
      const asked = await ask({ timeoutSeconds: 60 });
      clock.advance(60 * SECOND);
      const late = await store.decide(asked.request.id, 'allow', 'Ann');
      expect(late.changed).toBe(false);
      expect(late.request).toMatchObject({ status: 'pending', decidedBy: null });
    });

    it('changes nothing on a request answered on the server', async () => {
      const asked = await ask();
      await notify();
      const late = await store.decide(asked.request.id, 'allow', 'Ann');
      expect(late).toMatchObject({ changed: false, request: { status: 'answered-on-server' } });
    });

    it('refuses an unknown id and a decision that is not one', async () => {
      await expect(store.decide(999, 'allow', 'Ann')).rejects.toBeInstanceOf(
        PermissionNotFoundError,
      );
      const asked = await ask();
      await expect(
        store.decide(asked.request.id, 'expired' as unknown as 'allow', 'Ann'),
      ).rejects.toThrow(TypeError);
      expect(await store.getById(999)).toBeNull();
      expect(await store.get('nope')).toBeNull();
    });

    it('stores a request once when two processes get it at the same moment', async () => {
      const other = new PermissionStore(await dbs.open(await dbs.location()), {
        clock: clock.now,
      });
      const results = await Promise.all(
        [store, other, store, other].map((each) => each.create(request(), { chatIds: ['100'] })),
      );
      expect(results.map((r) => r.duplicate).sort()).toEqual([false, true, true, true]);
      expect(new Set(results.map((r) => r.request.id)).size).toBe(1);
      expect(new Set(results.map((r) => r.session.id)).size).toBe(1);
      expect(
        await dataSource.query('SELECT CAST(count(*) AS integer) AS n FROM permission_requests'),
      ).toEqual([{ n: 1 }]);
      expect(
        await dataSource.query(
          "SELECT CAST(count(*) AS integer) AS n FROM outbox WHERE kind = 'permission'",
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('lets one of two processes win when both answer at once, and each sees it', async () => {
      const asked = await ask();
      // hub-bot has a DataSource of its own on the same file.
      const botSource = await dbs.open(await dbs.location());
      const bot = new PermissionStore(botSource, { clock: clock.now });
      const results = await Promise.all([
        bot.decide(asked.request.id, 'allow', 'Ann'),
        store.decide(asked.request.id, 'deny', 'Bob'),
      ]);
      expect(results.filter((r) => r.changed)).toHaveLength(1);
      const winner = results.find((r) => r.changed)?.request;
      expect((await store.get('req-1'))?.request).toEqual(winner);
      expect((await bot.get('req-1'))?.request).toEqual(winner);
    });
  });

  describe('expireDue', () => {
    it('expires pending requests past their time and queues the edit of their messages', async () => {
      const short = await ask({ requestId: 'short', timeoutSeconds: 30 });
      const long = await ask({ requestId: 'long', claudeSessionId: 'b', timeoutSeconds: 120 });
      const decided = await ask({ requestId: 'decided', claudeSessionId: 'c', timeoutSeconds: 30 });
      await store.decide(decided.request.id, 'allow', 'Ann');
      expect(await store.nextExpiryAt()).toEqual(short.request.expiresAt);

      clock.advance(29 * SECOND);
      expect(await store.expireDue()).toEqual([]);
      clock.advance(SECOND);
      const expired = await store.expireDue();
      expect(expired).toEqual([{ ...short.request, status: 'expired', decidedAt: clock.now() }]);
      expect(await store.expireDue()).toEqual([]);
      expect((await store.get('long'))?.request.status).toBe('pending');
      expect((await store.get('decided'))?.request.status).toBe('allow');
      expect(await store.nextExpiryAt()).toEqual(long.request.expiresAt);

      const outcomes = (await outboxRows()).filter((r) => r.kind === 'permission-outcome');
      expect(outcomes).toEqual([
        {
          chat_id: '100',
          kind: 'permission-outcome',
          permission_id: short.request.id,
          status: 'pending',
        },
      ]);
      clock.advance(HOUR);
      await store.expireDue();
      expect(await store.nextExpiryAt()).toBeNull();
    });
  });
});

describe('OutboxStore and permission messages', () => {
  const dbs = new TempDatabases();
  let clock: FakeClock;
  let store: PermissionStore;
  let outbox: OutboxStore;

  beforeEach(async () => {
    const dataSource = await dbs.open();
    clock = new FakeClock('2026-04-01T09:00:00.000Z');
    store = new PermissionStore(dataSource, { clock: clock.now });
    outbox = new OutboxStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  it('hands the sender a permission row with its request and session', async () => {
    const asked = await store.create(request(), { chatIds: ['100'] });
    const [item] = await dueItems(outbox, '100', 10);
    expect(item).toEqual({
      id: expect.any(Number),
      chatId: '100',
      kind: 'permission',
      isRequest: true,
      status: 'pending',
      part: 0,
      attempts: 0,
      createdAt: clock.now(),
      mergedCount: 0,
      notification: null,
      permission: asked.request,
      session: asked.session,
    });
  });

  it('finds the sent message of each chat to edit, and only sent ones', async () => {
    const asked = await store.create(request(), { chatIds: ['100', '200', '300'] });
    const other = await store.create(request({ requestId: 'req-2', claudeSessionId: 'b' }), {
      chatIds: ['100'],
    });
    const [a] = await dueItems(outbox, '100', 1);
    const [b] = await dueItems(outbox, '200', 1);
    const [c] = await dueItems(outbox, '300', 1);
    await outbox.takeDue('100', 1, () => ({ claim: [a.id] }));
    await outbox.takeDue('200', 1, () => ({ claim: [b.id] }));
    await outbox.markSent([a.id], 41);
    await outbox.markSent([b.id], 42);
    await outbox.markFailed([c.id], 'chat not found');
    expect(await outbox.sentMessageOf(asked.request.id)).toEqual([
      { chatId: '100', messageId: 41, part: 0 },
      { chatId: '200', messageId: 42, part: 0 },
    ]);
    expect(await outbox.sentMessageOf(other.request.id)).toEqual([]);
  });

  it('fails the unsent messages of a closed request in one chat', async () => {
    const asked = await store.create(request(), { chatIds: ['100', '200'] });
    const failed = await outbox.supersedeUnsentPermission(asked.request.id, '100', 'superseded');
    expect(failed).toHaveLength(1);
    expect((await dueItems(outbox, '100', 10)).map((i) => i.kind)).toEqual([]);
    expect((await dueItems(outbox, '200', 10)).map((i) => i.kind)).toEqual(['permission']);
    expect(await outbox.supersedeUnsentPermission(asked.request.id, '100', 'again')).toEqual([]);
  });
});
