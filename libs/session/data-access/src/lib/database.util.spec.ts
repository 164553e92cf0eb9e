import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FakeClock, TempDatabases, rowsOf, testEngine } from '../../test/temp-database.util';
import { Initial1795510882510 } from '../migrations/1795510882510-initial.migration';
import { BUSY_TIMEOUT_MS, dataSourceOptions, openDatabase } from './database.util';
import { SessionStore } from './session.store';

const engine = testEngine();

async function pragma(dataSource: DataSource, name: string): Promise<unknown> {
  const rows: Array<Record<string, unknown>> = await dataSource.query(`PRAGMA ${name}`);
  return Object.values(rows[0])[0];
}

/** The tables of the database (of its schema, on PostgreSQL), by name. */
async function tableNames(dataSource: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    engine === 'sqlite'
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
      : `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
  );
  return rows.map((t) => t.name);
}

async function columnNames(dataSource: DataSource, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> = await dataSource.query(
    engine === 'sqlite'
      ? `SELECT name FROM pragma_table_info('${table}')`
      : `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}'`,
  );
  return rows.map((c) => c.name);
}

describe('openDatabase', () => {
  const dbs = new TempDatabases();
  afterEach(() => dbs.cleanup());

  if (engine === 'sqlite') {
    it('creates the file and its missing folders', async () => {
      const path = join(await dbs.folder(), 'a', 'b', 'sessions.db');
      await dbs.open({ path });
      expect((await stat(path)).isFile()).toBe(true);
    });

    it('sets WAL, busy_timeout, foreign keys and synchronous NORMAL', async () => {
      const dataSource = await dbs.open();
      expect(await pragma(dataSource, 'journal_mode')).toBe('wal');
      expect(await pragma(dataSource, 'busy_timeout')).toBe(BUSY_TIMEOUT_MS);
      expect(await pragma(dataSource, 'foreign_keys')).toBe(1);
      expect(await pragma(dataSource, 'synchronous')).toBe(1);
    });
  }

  it('creates the tables by migration, which the entities agree with', async () => {
    const dataSource = await dbs.open();
    expect(await tableNames(dataSource)).toEqual([
      'chat_settings',
      'launches',
      'migrations',
      'mutes',
      'notifications',
      'outbox',
      'outbox_chats',
      'permission_requests',
      'polling_leases',
      'processed_updates',
      'question_answers',
      'server_counters',
      'sessions',
      'signature_replays',
    ]);
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps data across close and reopen, and runs each migration once', async () => {
    const location = await dbs.location();
    const clock = new FakeClock();
    const first = await openDatabase(location);
    const before = await new SessionStore(first, {
      ttlHours: 24,
      clock: clock.now,
    }).recordAndQueueNotification(
      { serverId: 'kr4', type: 'completed', project: 'p' },
      { chatIds: ['1'] },
    );
    await first.destroy();

    const second = await dbs.open(location);
    const store = new SessionStore(second, { ttlHours: 24, clock: clock.now });
    expect((await store.resolve(before.session.token)).name).toBe('kr4:1');
    expect(await second.query('SELECT name FROM migrations ORDER BY id')).toEqual([
      { name: 'Initial1795510882510' },
      { name: 'ProcessedUpdates1795600000000' },
      { name: 'PermissionRequests1795700000000' },
      { name: 'QuietDelivery1795800000000' },
      { name: 'SessionState1795900000000' },
      { name: 'Launches1795910000000' },
      { name: 'RequestAnswers1796100000000' },
      { name: 'LiveSessionKey1796200000000' },
      { name: 'OutboxReplicas1796300000000' },
      { name: 'SignatureReplays1796400000000' },
      { name: 'RequestPrompt1796500000000' },
      { name: 'PollingLeases1796600000000' },
    ]);
    const next = await store.recordAndQueueNotification(
      { serverId: 'kr4', type: 'completed', project: 'other' },
      { chatIds: [] },
    );
    expect(next.session.name).toBe('kr4:2');
  });

  it('lets two processes open a new file at the same moment', async () => {
    const location = await dbs.location();
    const [a, b] = await Promise.all([openDatabase(location), openDatabase(location)]);
    dbs.track(a);
    dbs.track(b);
    expect(await a.query('SELECT name FROM migrations')).toHaveLength(12);
    expect(await b.query('SELECT CAST(count(*) AS integer) AS n FROM sessions')).toEqual([
      { n: 0 },
    ]);
  });

  it('has migrations that can be undone, one by one, and run again', async () => {
    const dataSource = await dbs.open();
    const tables = () => tableNames(dataSource);
    const columns = (table: string) => columnNames(dataSource, table);
    const sessionColumns = () => columns('sessions');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('polling_leases');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await columns('permission_requests')).not.toContain('prompt_id');
    expect(await columns('permission_requests')).not.toContain('sent_at');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('signature_replays');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('outbox_chats');
    expect(await columnNames(dataSource, 'outbox')).not.toContain('claimed_at');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await sessionColumns()).not.toContain('live_key');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('question_answers');
    expect(await columns('outbox')).not.toContain('part');
    expect(await columns('permission_requests')).not.toContain('feedback');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('launches');
    expect(await columns('sessions')).toContain('state');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await columns('sessions')).not.toContain('state');
    expect(await columns('sessions')).not.toContain('state_since');
    expect(await columns('sessions')).not.toContain('state_prompt_id');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('chat_settings');
    expect(await tables()).not.toContain('mutes');
    expect(await columnNames(dataSource, 'outbox')).not.toContain('superseded_by');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('permission_requests');
    expect(await columnNames(dataSource, 'outbox')).not.toContain('kind');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).not.toContain('processed_updates');
    expect(await tables()).toContain('sessions');
    await dataSource.undoLastMigration({ transaction: 'all' });
    expect(await tables()).toEqual(['migrations']);
    expect(await dataSource.runMigrations()).toHaveLength(12);
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries).toEqual([]);
  });

  it('brings a database made by the first migration alone up to date, keeping its data', async () => {
    const location = await dbs.location();
    const old = dbs.track(
      new DataSource({ ...dataSourceOptions(location), migrations: [Initial1795510882510] }),
    );
    await old.initialize();
    await old.runMigrations();
    // Written in SQL: today's stores expect today's schema.
    await old.query(
      `INSERT INTO "sessions" ("server_id", "seq", "token", "session_key", "project", "last_type", "created_at", "last_event_at", "expires_at") VALUES ('kr4', 1, 'AB12CD34', 'project:p', 'p', 'completed', 1, 1, 2)`,
    );
    await old.query(
      `INSERT INTO "sessions" ("server_id", "seq", "token", "session_key", "project", "last_type", "created_at", "last_event_at", "expires_at") VALUES ('kr4', 2, 'AB12CD35', 'project:q', 'q', 'waiting', 1, 7, 9), ('kr4', 3, 'AB12CD36', 'project:r', 'r', 'permission', 1, 8, 9), ('kr4', 4, 'AB12CD37', 'project:p', 'p', 'completed', 3, 3, 4)`,
    );
    await old.query(
      `INSERT INTO "notifications" ("session_id", "type", "metadata", "received_at") VALUES (1, 'completed', '{}', 1)`,
    );
    await old.query(
      `INSERT INTO "outbox" ("chat_id", "notification_id", "status", "attempts", "next_attempt_at", "created_at") VALUES ('1', 1, 'pending', 0, 1, 1)`,
    );
    await old.query(
      `INSERT INTO "outbox" ("chat_id", "text", "status", "attempts", "next_attempt_at", "telegram_message_id", "created_at", "sent_at") VALUES ('1', 'hi', 'sent', 1, 5, 77, 5, 6)`,
    );
    const before: unknown[] = await old.query('SELECT * FROM outbox ORDER BY id');
    await old.destroy();

    const current = await dbs.open(location);
    const count = async (table: string) =>
      (await current.query(`SELECT CAST(count(*) AS integer) AS n FROM ${table}`))[0].n;
    expect(await count('processed_updates')).toBe(0);
    // Each session gets the state its last notification tells, since it came.
    const unchanged = { server_id: 'kr4', state_prompt_id: null };
    expect(
      await rowsOf(
        current,
        'SELECT server_id, seq, state, state_since, state_prompt_id, live_key FROM sessions ORDER BY seq',
      ),
    ).toEqual([
      { ...unchanged, seq: 1, state: 'idle', state_since: 1, live_key: null },
      { ...unchanged, seq: 2, state: 'waiting', state_since: 7, live_key: 'project:q' },
      { ...unchanged, seq: 3, state: 'asking', state_since: 8, live_key: 'project:r' },
      // The newest session of a key is the one its events go to.
      { ...unchanged, seq: 4, state: 'idle', state_since: 3, live_key: 'project:p' },
    ]);
    expect(await count('launches')).toBe(0);
    // The outbox is rebuilt by the permission and quiet-delivery migrations: every row and id
    // survives, and learns its session from its notification.
    expect(await current.query('SELECT * FROM outbox ORDER BY id')).toEqual(
      before.map((row, i) => ({
        ...(row as object),
        kind: 'message',
        permission_id: null,
        session_id: i === 0 ? 1 : null,
        merged_count: 0,
        superseded_by: null,
        quiet_reason: null,
        part: 0,
        claimed_at: null,
        silent: engine === 'sqlite' ? 0 : false,
      })),
    );
    if (engine === 'sqlite') expect(await current.query('PRAGMA foreign_key_check')).toEqual([]);
    // Ids go on after the copied rows: PostgreSQL's identity was told where they end.
    const store = new SessionStore(current, { ttlHours: 24, clock: new FakeClock(10).now });
    const next = await store.recordAndQueueNotification(
      { serverId: 'web', type: 'completed', project: 'p2' },
      { chatIds: ['1'] },
    );
    expect(next.session.id).toBe(5);
    expect(next.notification.id).toBe(2);
    const [outboxRow]: Array<{ id: number }> = await current.query(
      'SELECT id FROM outbox WHERE notification_id = 2',
    );
    expect(outboxRow.id).toBe(3);
  });
});

describe('dataSourceOptions', () => {
  it('opens a SQLite file for a path and PostgreSQL for a URL', () => {
    expect(dataSourceOptions({ path: '/tmp/x.db' })).toMatchObject({
      type: 'sqlite',
      database: '/tmp/x.db',
    });
    expect(dataSourceOptions({ url: 'postgres://u:p@db:5432/ccr' })).toMatchObject({
      type: 'postgres',
      url: 'postgres://u:p@db:5432/ccr',
    });
  });

  it('never synchronises and lists entities and migrations explicitly', () => {
    const options = dataSourceOptions({ path: '/tmp/x.db' });
    expect(options).toMatchObject({ synchronize: false, migrationsRun: false });
    expect(options.entities).toHaveLength(13);
    expect(options.migrations).toHaveLength(12);
    for (const entry of [
      ...(options.entities as unknown[]),
      ...(options.migrations as unknown[]),
    ]) {
      expect(typeof entry).toBe('function');
    }
  });
});
