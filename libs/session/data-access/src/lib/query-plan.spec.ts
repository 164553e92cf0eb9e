import type { BeforeQueryEvent, DataSource, EntitySubscriberInterface } from 'typeorm';
import { FakeClock, HOUR, TempDatabases } from '../../test/temp-database.util';
import { dueItems } from '../../test/due-items.util';
import { AnswerStore } from './answer.store';
import { DeliverySettingsStore } from './delivery-settings.store';
import { OutboxStore } from './outbox.store';
import { PermissionStore } from './permission.store';
import { ProcessedUpdateStore } from './processed-update.store';
import { SessionStore } from './session.store';

interface Statement {
  query: string;
  parameters: unknown[];
}

/** Records every statement a DataSource runs while `recording` is on. */
class StatementRecorder implements EntitySubscriberInterface {
  recording = false;
  readonly statements: Statement[] = [];

  beforeQuery(event: BeforeQueryEvent<unknown>): void {
    if (this.recording) {
      this.statements.push({ query: event.query, parameters: event.parameters ?? [] });
    }
  }
}

describe('statements on the delivery and answering paths', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let recorder: StatementRecorder;

  beforeEach(async () => {
    dataSource = await dbs.open();
    recorder = new StatementRecorder();
    dataSource.subscribers.push(recorder);
  });
  afterEach(() => dbs.cleanup());

  it('are all served by an index, never by a scan, and update rows by primary key', async () => {
    const clock = new FakeClock();
    const sessions = new SessionStore(dataSource, { ttlHours: 24, clock: clock.now });
    const outbox = new OutboxStore(dataSource, { clock: clock.now });
    for (let i = 0; i < 20; i++) {
      await sessions.recordAndQueueNotification(
        { serverId: `s${i % 3}`, type: 'completed', project: `p${i}`, eventId: `old-${i}` },
        { chatIds: ['1', '2'] },
      );
    }
    clock.advance(HOUR);

    recorder.recording = true;
    const first = await sessions.recordAndQueueNotification(
      { serverId: 's1', type: 'waiting', project: 'p', claudeSessionId: 'u', eventId: 'e1' },
      { chatIds: ['1'] },
    );
    await sessions.recordAndQueueNotification(
      { serverId: 's1', type: 'completed', project: 'p', claudeSessionId: 'u', eventId: 'e2' },
      { chatIds: ['1'] },
    );
    await sessions.recordAndQueueNotification(
      { serverId: 's1', type: 'completed', project: 'p', claudeSessionId: 'u', eventId: 'e2' },
      { chatIds: ['1'] },
    );
    await sessions.resolve(first.session.name);
    await sessions.resolve(first.session.token);
    await sessions.listLive();
    await outbox.dueChats();
    const items = await dueItems(outbox, '1', 10);
    await outbox.takeDue('1', 10, () => ({ claim: [items[0].id, items[1].id, items[2].id] }));
    await outbox.markRetry([items[0].id, items[1].id], 'x', clock.now());
    await outbox.takeDue('1', 10, () => ({
      claim: [items[1].id, items[2].id],
      hold: [{ ids: [items[4].id], reason: 'quiet-hours' as const, until: clock.now() }],
      skip: [{ ids: [items[5].id], reason: 'presence' as const }],
      fail: [{ ids: [items[6].id], error: 'x' }],
    }));
    await outbox.markSent([items[1].id, items[2].id], 99);
    await outbox.markFailed([items[3].id], 'x');
    await outbox.recheckHeld('1');
    await outbox.releaseStaleClaims();
    await outbox.countByStatus('1');
    const settings = new DeliverySettingsStore(dataSource, { clock: clock.now });
    await settings.choose('1', { quietHours: { start: 0, end: 60 } });
    await settings.mute('1', { kind: 'server', serverId: 's1' }, clock.now());
    await settings.forChat('1');
    await settings.unmute('1', { kind: 'server', serverId: 's1' });
    await outbox.nextDueAt();
    await outbox.findSessionsByTelegramMessage('1', 99);
    await new ProcessedUpdateStore(dataSource, { clock: clock.now }).claim(12345);

    // Permission requests: stored, sent, closed by a newer one, by a notification, decided,
    // expired, and the messages to edit found again.
    const permissions = new PermissionStore(dataSource, { clock: clock.now });
    const ask = (requestId: string, timeoutSeconds = 60) =>
      permissions.create(
        {
          serverId: 's1',
          project: 'p',
          requestId,
          claudeSessionId: 'u',
          toolName: 'Bash',
          toolInput: { command: 'ls' },
          timeoutSeconds,
        },
        { chatIds: ['1'] },
      );
    const asked = await ask('r1');
    await ask('r1');
    const [request] = (await dueItems(outbox, '1', 100)).filter((i) => i.kind === 'permission');
    await outbox.takeDue('1', 100, () => ({ claim: [request.id] }));
    await outbox.markSent([request.id], 100);
    await ask('r2');
    await outbox.supersedeUnsentPermission(asked.request.id + 1, '1', 'x');
    await sessions.recordAndQueueNotification(
      { serverId: 's1', type: 'completed', project: 'p', claudeSessionId: 'u', eventId: 'e3' },
      { chatIds: ['1'] },
    );
    const third = await ask('r3', 1);
    await permissions.get('r3');
    await permissions.decide(third.request.id, 'allow', 'Ann');
    await ask('r4', 1);
    await sessions.recordAndQueueNotification(
      { serverId: 's1', type: 'permission', project: 'p', claudeSessionId: 'u', eventId: 'e4' },
      { chatIds: ['1'] },
    );
    await sessions.getById(first.session.id);
    await permissions.nextExpiryAt();
    clock.advance(2000);
    await permissions.expireDue();
    await permissions.getById(asked.request.id);
    await outbox.sentMessageOf(asked.request.id);
    await dueItems(outbox, '1', 10);
    await outbox.requestMessageAt('1', 100);

    // Questions and plans: answered press by press, a reply's message found, one closed as
    // answered in the terminal.
    const answers = new AnswerStore(dataSource, { clock: clock.now });
    const question = await permissions.create(
      {
        serverId: 's2',
        project: 'p',
        requestId: 'q1',
        claudeSessionId: 'q',
        toolName: 'AskUserQuestion',
        toolInput: {
          questions: [
            {
              question: 'A?',
              header: 'A',
              options: [{ label: 'x' }, { label: 'y' }],
              multiSelect: true,
            },
            { question: 'B?', header: 'B', options: [{ label: 'z' }], multiSelect: false },
          ],
        },
        timeoutSeconds: 60,
      },
      { chatIds: ['1'], messages: 2 },
    );
    await answers.askOther(question.request.id, 0, 'Ann');
    await answers.choose(question.request.id, 0, 1, 'Ann');
    await answers.writeOther(question.request.id, 0, 'w', 'Ann');
    await answers.finish(question.request.id, 0, 'Ann');
    await answers.choose(question.request.id, 1, 0, 'Ann');
    const plan = await permissions.create(
      {
        serverId: 's2',
        project: 'p',
        requestId: 'p1',
        claudeSessionId: 'p',
        toolName: 'ExitPlanMode',
        toolInput: {},
        timeoutSeconds: 60,
      },
      { chatIds: ['1'] },
    );
    await answers.askFeedback(plan.request.id);
    await answers.sendBackPlan(plan.request.id, 'more', 'Ann');
    await permissions.create(
      {
        serverId: 's2',
        project: 'p',
        requestId: 'p2',
        claudeSessionId: 'p',
        toolName: 'ExitPlanMode',
        toolInput: {},
        timeoutSeconds: 60,
      },
      { chatIds: ['1'] },
    );
    await permissions.answeredOnServer('s2', 'p2');
    recorder.recording = false;

    const queries = recorder.statements.filter((s) => /^(SELECT|UPDATE|DELETE)\b/.test(s.query));
    expect(queries.length).toBeGreaterThan(10);
    const slow: string[] = [];
    for (const { query, parameters } of queries) {
      const plan: Array<{ detail: string }> = await dataSource.query(
        `EXPLAIN QUERY PLAN ${query}`,
        parameters,
      );
      const details = plan.map((row) => row.detail);
      for (const detail of details) {
        if (/^SCAN\b/.test(detail)) slow.push(`${detail} in ${query}`);
      }
      // An index on status alone would walk every row of that status to find a few ids: an
      // UPDATE goes by primary key, by the index of one session's (or chat's) waiting rows, or
      // by the one session that holds a key.
      const narrow = [
        'INTEGER PRIMARY KEY',
        'IDX_outbox_session_open',
        'IDX_outbox_chat_due',
        'UQ_sessions_live_key',
        // outbox_chats' primary key: a chat's row.
        'sqlite_autoindex_outbox_chats_1',
      ];
      if (query.startsWith('UPDATE') && !details.some((d) => narrow.some((n) => d.includes(n)))) {
        slow.push(`${details.join(' | ')} in ${query}`);
      }
    }
    expect(slow).toEqual([]);
  });

  it('are few for a notification of a live session', async () => {
    const sessions = new SessionStore(dataSource, { ttlHours: 24 });
    const input = {
      serverId: 'kr4',
      type: 'completed' as const,
      project: 'p',
      claudeSessionId: 'u',
    };
    await sessions.recordAndQueueNotification({ ...input, eventId: 'e1' }, { chatIds: ['1', '2'] });

    recorder.recording = true;
    await sessions.recordAndQueueNotification({ ...input, eventId: 'e2' }, { chatIds: ['1', '2'] });
    recorder.recording = false;

    // BEGIN, live session (with whether it has a pending permission request: none here, so
    // nothing more), update it, notification (its INSERT claims the event id: no look first),
    // then for each chat the outbox row (standing for the session's waiting ones) and the
    // update that supersedes those, COMMIT.
    expect(recorder.statements.map((s) => s.query.split(/\s/)[0])).toEqual([
      'BEGIN',
      'SELECT',
      'UPDATE',
      'INSERT',
      'INSERT',
      'UPDATE',
      'INSERT',
      'UPDATE',
      'COMMIT',
    ]);
  });
});
