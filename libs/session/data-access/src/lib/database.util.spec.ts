import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FakeClock, TempDatabases } from '../../test/temp-database.util';
import { BUSY_TIMEOUT_MS, dataSourceOptions, openDatabase } from './database.util';
import { SessionStore } from './session.store';

async function pragma(dataSource: DataSource, name: string): Promise<unknown> {
  const rows: Array<Record<string, unknown>> = await dataSource.query(`PRAGMA ${name}`);
  return Object.values(rows[0])[0];
}

describe('openDatabase', () => {
  const dbs = new TempDatabases();
  afterEach(() => dbs.cleanup());

  it('creates the file and its missing folders', async () => {
    const path = join(await dbs.folder(), 'a', 'b', 'sessions.db');
    await dbs.open(path);
    expect((await stat(path)).isFile()).toBe(true);
  });

  it('sets WAL, busy_timeout, foreign keys and synchronous NORMAL', async () => {
    const dataSource = await dbs.open();
    expect(await pragma(dataSource, 'journal_mode')).toBe('wal');
    expect(await pragma(dataSource, 'busy_timeout')).toBe(BUSY_TIMEOUT_MS);
    expect(await pragma(dataSource, 'foreign_keys')).toBe(1);
    expect(await pragma(dataSource, 'synchronous')).toBe(1);
  });

  it('creates the tables by migration, which the entities agree with', async () => {
    const dataSource = await dbs.open();
    const tables: Array<{ name: string }> = await dataSource.query(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    );
    expect(tables.map((t) => t.name)).toEqual([
      'migrations',
      'notifications',
      'outbox',
      'server_counters',
      'sessions',
    ]);
    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps data across close and reopen, and runs the migration once', async () => {
    const path = await dbs.path();
    const clock = new FakeClock();
    const first = await openDatabase({ path });
    const before = await new SessionStore(first, {
      ttlHours: 24,
      clock: clock.now,
    }).recordNotification({ serverId: 'kr4', type: 'completed', project: 'p' }, { chatIds: ['1'] });
    await first.destroy();

    const second = await dbs.open(path);
    const store = new SessionStore(second, { ttlHours: 24, clock: clock.now });
    expect((await store.resolve(before.session.token)).name).toBe('kr4:1');
    expect(await second.query('SELECT name FROM migrations')).toEqual([
      { name: 'Initial1795510882510' },
    ]);
    const next = await store.recordNotification(
      { serverId: 'kr4', type: 'completed', project: 'other' },
      { chatIds: [] },
    );
    expect(next.session.name).toBe('kr4:2');
  });

  it('lets two processes open a new file at the same moment', async () => {
    const path = await dbs.path();
    const [a, b] = await Promise.all([openDatabase({ path }), openDatabase({ path })]);
    dbs.track(a);
    dbs.track(b);
    expect(await a.query('SELECT name FROM migrations')).toHaveLength(1);
    expect(await b.query('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }]);
  });

  it('has a migration that can be undone and run again', async () => {
    const dataSource = await dbs.open();
    await dataSource.undoLastMigration({ transaction: 'all' });
    const left: Array<{ name: string }> = await dataSource.query(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
    );
    expect(left.map((t) => t.name)).toEqual(['migrations']);
    expect(await dataSource.runMigrations()).toHaveLength(1);
  });
});

describe('dataSourceOptions', () => {
  it('never synchronises and lists entities and migrations explicitly', () => {
    const options = dataSourceOptions('/tmp/x.db');
    expect(options).toMatchObject({ type: 'sqlite', database: '/tmp/x.db', synchronize: false });
    expect(options.entities).toHaveLength(4);
    expect(options.migrations).toHaveLength(1);
    for (const entry of [
      ...(options.entities as unknown[]),
      ...(options.migrations as unknown[]),
    ]) {
      expect(typeof entry).toBe('function');
    }
  });
});
