import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { deadlineIn, NO_DEADLINE } from './deadline.util';
import type { DeliveryOutcome } from './delivery-outcome.util';
import { LOCK_LOST_REASON, flushSpool } from './flush-spool.util';
import { LOCK_FILE_NAME, acquireSpoolLock, type SpoolLock } from './spool-lock.util';
import { enqueueEvent, listPending, listRejected } from './spool.util';

describe('flushSpool', () => {
  let dir: string;
  let lock: SpoolLock;
  beforeEach(async () => {
    dir = await makeTempDir('flush');
    lock = (await acquireSpoolLock(dir))!;
  });
  afterEach(async () => {
    await lock.release();
    await removeTempDir(dir);
  });

  const event = (n: number): string => JSON.stringify({ n });
  /** A hub that answers each event by its number. */
  const hub = (answers: Record<number, DeliveryOutcome['kind']>) => {
    const sent: number[] = [];
    const deliver = async (body: string): Promise<DeliveryOutcome> => {
      const { n } = JSON.parse(body) as { n: number };
      sent.push(n);
      const kind = answers[n] ?? 'delivered';
      if (kind === 'delivered') return { kind, status: 202 };
      if (kind === 'rejected') return { kind, status: 400, reason: 'HTTP 400: bad' };
      return { kind, reason: 'HTTP 503' };
    };
    return { sent, deliver };
  };

  it('sends oldest first and deletes each event after the hub took it', async () => {
    for (const n of [1, 2, 3]) await enqueueEvent(dir, event(n));
    const { sent, deliver } = hub({});
    const result = await flushSpool({ dir, lock, deadline: NO_DEADLINE, deliver });
    expect(sent).toEqual([1, 2, 3]);
    expect(result).toEqual({ delivered: 3, rejected: [], remaining: 0 });
    expect(await listPending(dir)).toEqual([]);
  });

  it('stops sending once another run took the lock over', async () => {
    for (const n of [1, 2, 3]) await enqueueEvent(dir, event(n));
    const sent: number[] = [];
    const deliver = async (body: string): Promise<DeliveryOutcome> => {
      const { n } = JSON.parse(body) as { n: number };
      sent.push(n);
      // While event 1 was on its way, this run looked hung and another run took the lock.
      if (n === 1) {
        const other = { pid: process.pid + 1, host: 'another-run', nonce: 'theirs' };
        await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify(other));
      }
      return { kind: 'delivered', status: 202 };
    };
    const result = await flushSpool({ dir, lock, deadline: NO_DEADLINE, deliver });
    expect(sent).toEqual([1]);
    expect(result).toEqual({
      delivered: 1,
      rejected: [],
      remaining: 2,
      stopReason: LOCK_LOST_REASON,
    });
  });

  it('stops at an event the hub cannot take now, so none overtakes it', async () => {
    for (const n of [1, 2, 3]) await enqueueEvent(dir, event(n));
    const { sent, deliver } = hub({ 2: 'retry' });
    const result = await flushSpool({ dir, lock, deadline: NO_DEADLINE, deliver });
    expect(sent).toEqual([1, 2]);
    expect(result).toEqual({ delivered: 1, rejected: [], remaining: 2, stopReason: 'HTTP 503' });
  });

  it('moves a refused event to rejected/ and goes on', async () => {
    for (const n of [1, 2, 3]) await enqueueEvent(dir, event(n));
    const { sent, deliver } = hub({ 2: 'rejected' });
    const result = await flushSpool({ dir, lock, deadline: NO_DEADLINE, deliver });
    expect(sent).toEqual([1, 2, 3]);
    expect(result.delivered).toBe(2);
    expect(result.rejected).toEqual([
      {
        name: expect.any(String),
        movedTo: expect.stringContaining(join(dir, 'rejected')),
        reason: 'HTTP 400: bad',
      },
    ]);
    expect(await listRejected(dir)).toHaveLength(1);
    expect(result.remaining).toBe(0);
  });

  it('moves a damaged file aside without sending it', async () => {
    await enqueueEvent(dir, event(1));
    const damaged = await enqueueEvent(dir, event(2));
    await writeFile(damaged.path, '{"n":');
    const { sent, deliver } = hub({});
    const result = await flushSpool({ dir, lock, deadline: NO_DEADLINE, deliver });
    expect(sent).toEqual([1]);
    expect(result.rejected[0].reason).toBe('not a JSON event (damaged file)');
  });

  it('takes along events spooled while it was sending', async () => {
    await enqueueEvent(dir, event(1));
    const sent: number[] = [];
    const result = await flushSpool({
      dir,
      lock,
      deadline: NO_DEADLINE,
      deliver: async (body) => {
        const { n } = JSON.parse(body) as { n: number };
        sent.push(n);
        if (n === 1) await enqueueEvent(dir, event(2));
        return { kind: 'delivered', status: 202 };
      },
    });
    expect(sent).toEqual([1, 2]);
    expect(result.delivered).toBe(2);
  });

  it('stops when the run is out of time', async () => {
    await enqueueEvent(dir, event(1));
    const { sent, deliver } = hub({});
    const result = await flushSpool({ dir, lock, deadline: deadlineIn(0), deliver });
    expect(sent).toEqual([]);
    expect(result).toEqual({
      delivered: 0,
      rejected: [],
      remaining: 1,
      stopReason: 'no time left in this run',
    });
  });
});
