import { KeyedSerialQueue } from '@ccr/shared-util';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { beginWrite, endWrite, engineOf, isTransientConflict } from './engine-dialect.util';

/**
 * TypeORM's sqlite driver has one connection per DataSource, so two transactions started at
 * once would share it: the second fails ("cannot start a transaction within a transaction")
 * or, worse, nests as a savepoint inside the first. Every SQLite write of this process therefore
 * queues here, one DataSource at a time. Single-statement writes queue too: run while another
 * task's transaction is open, they would commit or roll back with it.
 *
 * Reads do not queue. On the shared connection a read may see a write of this process that
 * is not committed yet; transactions here only roll back on errors, so that is acceptable
 * for listing sessions and delivering messages.
 *
 * PostgreSQL writes do not queue: each takes a connection of its own from the pool, and the
 * writes are made safe against one another in the database (ON CONFLICT claims, row locks,
 * WriteConflict), as they must be anyway for several hub-api processes on one database. Two
 * transactions of one process are no different from two of two replicas.
 */
const writes = new KeyedSerialQueue<DataSource>();

/**
 * Thrown by a transaction's work when what it was about to write is there already: another
 * process committed it meanwhile (the same event id, the live session of the same Claude
 * session; only on PostgreSQL, as SQLite's writers take turns for the whole transaction), or it
 * was stored before and the work claimed it without looking first (a notification's event id).
 * The transaction is rolled back and run again from the start, when its reads see that row.
 */
export class WriteConflict extends Error {
  override readonly name = 'WriteConflict';
}

/**
 * A conflict (a WriteConflict, or a deadlock PostgreSQL broke: isTransientConflict) comes from
 * one other writer; a third in a row means something else is wrong.
 */
const MAX_RUNS = 3;
const held = new AsyncLocalStorage<ReadonlySet<DataSource>>();

/**
 * Runs `work` in a write transaction of its own: on SQLite after the writes of this process
 * queued before it, on PostgreSQL at once, on a pooled connection.
 *
 * It begins as beginWrite says for the engine (on SQLite, `BEGIN IMMEDIATE`: another process
 * writing the same file makes this one wait instead of failing half-way with SQLITE_BUSY), and
 * gives its connection back to the pool whatever happens.
 *
 * Not re-entrant: calling it again from inside `work` for the same DataSource would wait for
 * itself forever (on SQLite for its turn, on PostgreSQL for rows the outer one locked), so
 * that throws instead.
 */
export function runWriteTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const holding = held.getStore();
  if (holding?.has(dataSource)) {
    return Promise.reject(
      new Error(
        'runWriteTransaction was called from inside a write transaction on the same database',
      ),
    );
  }
  return inWriteTurn(dataSource, () =>
    held.run(new Set([...(holding ?? []), dataSource]), async () => {
      for (let run = 1; ; run++) {
        try {
          return await runOnce(dataSource, work);
        } catch (error) {
          const again = error instanceof WriteConflict || isTransientConflict(error);
          if (!again || run >= MAX_RUNS) throw error;
        }
      }
    }),
  );
}

/**
 * Runs `work`, which writes with one statement (atomic by itself: an INSERT … ON CONFLICT, a
 * DELETE), outside any transaction: no BEGIN and COMMIT around it, which would be two more
 * round trips than the statement itself. On SQLite it takes its turn with the transactions,
 * so that it does not land inside another task's open one.
 */
export function runWriteStatement<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (held.getStore()?.has(dataSource)) {
    return Promise.reject(
      new Error(
        'runWriteStatement was called from inside a write transaction on the same database',
      ),
    );
  }
  return inWriteTurn(dataSource, async () => {
    const runner = dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  });
}

/** On SQLite, after the writes queued before it (see above); on PostgreSQL, at once. */
function inWriteTurn<T>(dataSource: DataSource, task: () => Promise<T>): Promise<T> {
  return engineOf(dataSource) === 'postgres' ? task() : writes.run(dataSource, task);
}

async function runOnce<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await beginWrite(runner);
    try {
      const result = await work(runner.manager);
      await endWrite(runner, 'commit');
      return result;
    } catch (error) {
      // SQLite may have rolled back already (some errors end the transaction themselves);
      // the original error is the one worth reporting.
      await endWrite(runner, 'rollback').catch(() => undefined);
      throw error;
    }
  } finally {
    await runner.release();
  }
}
