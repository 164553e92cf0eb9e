import type { DataSource } from 'typeorm';
import { TempDatabases, testEngine } from '../../test/temp-database.util';
import { migrationSql, runSql } from './engine-dialect.util';
import { runWriteStatement, runWriteTransaction } from './write-transaction.util';

describe('runWriteTransaction', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;

  beforeEach(async () => {
    dataSource = await dbs.open();
    // `id` keeps the order of inserts, which neither engine promises for a plain SELECT.
    await dataSource.query(
      `CREATE TABLE t (${migrationSql(dataSource).idColumn}, n integer NOT NULL)`,
    );
  });
  afterEach(() => dbs.cleanup());

  const insert = (n: number) =>
    runWriteTransaction(dataSource, async (manager) => {
      await runSql(manager, 'INSERT INTO t (n) VALUES (:n)', { n });
      // Yield to the event loop mid-transaction, as real work does.
      await new Promise((resolve) => setImmediate(resolve));
      await runSql(manager, 'INSERT INTO t (n) VALUES (:n)', { n });
      return n;
    });

  if (testEngine() === 'sqlite') {
    it('runs transactions started at once one after another, in order', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => insert(i)));
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
      const rows: Array<{ n: number }> = await dataSource.query('SELECT n FROM t ORDER BY id');
      expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => [i, i]).flat());
    });
  } else {
    it('runs transactions started at once side by side, each on a connection of its own', async () => {
      // The first waits, mid-transaction, until the second has written: queued, it never would.
      let secondWrote!: () => void;
      const wrote = new Promise<void>((resolve) => (secondWrote = resolve));
      const first = runWriteTransaction(dataSource, async (manager) => {
        await runSql(manager, 'INSERT INTO t (n) VALUES (1)', {});
        await wrote;
        return 1;
      });
      const second = runWriteTransaction(dataSource, async (manager) => {
        await runSql(manager, 'INSERT INTO t (n) VALUES (2)', {});
        secondWrote();
        return 2;
      });
      await expect(Promise.all([first, second])).resolves.toEqual([1, 2]);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => insert(i + 10)));
      expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i + 10));
      const rows: Array<{ n: number }> = await dataSource.query('SELECT n FROM t ORDER BY n');
      expect(rows.map((r) => r.n)).toEqual([
        1,
        2,
        ...Array.from({ length: 20 }, (_, i) => [i + 10, i + 10]).flat(),
      ]);
    });
  }

  if (testEngine() === 'postgres') {
    it('runs again a transaction PostgreSQL ended to break a deadlock, and both commit', async () => {
      await dataSource.query('INSERT INTO t (n) VALUES (1), (2)');
      // Each locks one row, waits until the other has locked its row, then asks for the other's:
      // a deadlock, which PostgreSQL breaks by ending one of them.
      const locked = [0, 1].map(() => {
        let done!: () => void;
        const promise = new Promise<void>((resolve) => (done = resolve));
        return { promise, done };
      });
      const runs = [0, 0];
      const crossing = (mine: number, theirs: number) =>
        runWriteTransaction(dataSource, async (manager) => {
          runs[mine - 1] += 1;
          await runSql(manager, 'UPDATE t SET n = n + 10 WHERE n % 10 = :mine', { mine });
          locked[mine - 1]!.done();
          await locked[theirs - 1]!.promise;
          await runSql(manager, 'UPDATE t SET n = n + 100 WHERE n % 10 = :theirs', { theirs });
          return mine;
        });
      await expect(Promise.all([crossing(1, 2), crossing(2, 1)])).resolves.toEqual([1, 2]);
      expect([...runs].sort()).toEqual([1, 2]);
      const rows: Array<{ n: number }> = await dataSource.query('SELECT n FROM t ORDER BY id');
      // Each row once +10 by its own transaction and once +100 by the other's: both committed,
      // the one run again not twice.
      expect(rows.map((r) => r.n)).toEqual([111, 112]);
    });
  }

  it('runs a single-statement write in its turn, outside any transaction', async () => {
    const statements = await Promise.all([
      insert(1),
      runWriteStatement(dataSource, (manager) =>
        runSql(manager, 'INSERT INTO t (n) VALUES (2)', {}),
      ),
      insert(3),
    ]);
    expect(statements).toHaveLength(3);
    const rows: Array<{ n: number }> = await dataSource.query('SELECT n FROM t ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([1, 1, 2, 3, 3]);
    const nested = runWriteTransaction(dataSource, () =>
      runWriteStatement(dataSource, async () => undefined),
    );
    await expect(nested).rejects.toThrow(/inside a write transaction/);
  });

  it('rolls back all of a failed transaction and goes on with the next', async () => {
    const failing = runWriteTransaction(dataSource, async (manager) => {
      await manager.query('INSERT INTO t (n) VALUES (1)');
      throw new Error('boom');
    });
    const next = insert(2);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe(2);
    const rows: Array<{ n: number }> = await dataSource.query('SELECT n FROM t');
    expect(rows.map((r) => r.n)).toEqual([2, 2]);
  });

  it('refuses to nest instead of waiting for itself', async () => {
    const outer = runWriteTransaction(dataSource, async (manager) => {
      await manager.query('INSERT INTO t (n) VALUES (1)');
      await runWriteTransaction(dataSource, async () => undefined);
    });
    await expect(outer).rejects.toThrow(/inside a write transaction/);
    expect(await dataSource.query('SELECT CAST(count(*) AS integer) AS c FROM t')).toEqual([
      { c: 0 },
    ]);
  });
});
