import type { DataSource } from 'typeorm';
import { FakeClock, TempDatabases } from '../../test/temp-database.util';
import { PollingLeaseStore, type PollingLeaseClaimant } from './polling-lease.store';

const KEY = 'telegram:123456';
const FIRST: PollingLeaseClaimant = { instanceId: 'first-0a1b', host: 'box-a', pid: 4100 };
const SECOND: PollingLeaseClaimant = { instanceId: 'second-2c3d', host: 'box-b', pid: 5200 };
const STALE_AFTER_MS = 20_000;

describe('PollingLeaseStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  const start = '2026-05-01T08:00:00.000Z';

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock(start);
  });
  afterEach(() => dbs.cleanup());

  /** A store on a connection of its own, as another process on the same database has. */
  const otherProcess = async () =>
    new PollingLeaseStore(await dbs.open(await dbs.location()), {
      clock: clock.now,
      staleAfterMs: STALE_AFTER_MS,
    });
  const store = () =>
    new PollingLeaseStore(dataSource, { clock: clock.now, staleAfterMs: STALE_AFTER_MS });

  it('is taken by the first process, and refused to a second while it is fresh, naming the holder', async () => {
    const mine = store();
    expect(await mine.take(KEY, FIRST)).toEqual({ held: true });
    clock.advance(STALE_AFTER_MS - 1);
    expect(await (await otherProcess()).take(KEY, SECOND)).toEqual({
      held: false,
      holder: { ...FIRST, since: new Date(start), heartbeatAt: new Date(start) },
    });
    expect((await mine.holder(KEY))?.instanceId).toBe(FIRST.instanceId);
  });

  it('stays with a holder that renews it, however long it holds it', async () => {
    const mine = store();
    const theirs = await otherProcess();
    await mine.take(KEY, FIRST);
    for (let beat = 0; beat < 10; beat++) {
      clock.advance(5_000);
      expect(await mine.renew(KEY, FIRST.instanceId)).toEqual({ held: true });
      expect((await theirs.take(KEY, SECOND)).held).toBe(false);
    }
    expect(await mine.holder(KEY)).toEqual({
      ...FIRST,
      since: new Date(start),
      heartbeatAt: clock.now(),
    });
  });

  it('is taken over once its heartbeat is stale, and its old holder learns who has it at its next renewal', async () => {
    const mine = store();
    const theirs = await otherProcess();
    await mine.take(KEY, FIRST);
    clock.advance(STALE_AFTER_MS + 1);
    const takenAt = clock.now();
    expect(await theirs.take(KEY, SECOND)).toEqual({ held: true });
    expect(await mine.renew(KEY, FIRST.instanceId)).toEqual({
      held: false,
      holder: { ...SECOND, since: takenAt, heartbeatAt: takenAt },
    });
  });

  it('taken again by its holder keeps its since (a reconnect is not a new holder)', async () => {
    const mine = store();
    await mine.take(KEY, FIRST);
    clock.advance(3_000);
    expect(await mine.take(KEY, FIRST)).toEqual({ held: true });
    expect(await mine.holder(KEY)).toMatchObject({
      since: new Date(start),
      heartbeatAt: clock.now(),
    });
  });

  it('released, goes at once to the next process; a release by a process that lost it changes nothing', async () => {
    const mine = store();
    const theirs = await otherProcess();
    await mine.take(KEY, FIRST);
    await mine.release(KEY, FIRST.instanceId);
    expect(await mine.holder(KEY)).toBeNull();
    expect(await mine.renew(KEY, FIRST.instanceId)).toEqual({ held: false, holder: null });
    expect(await theirs.take(KEY, SECOND)).toEqual({ held: true });
    await mine.release(KEY, FIRST.instanceId);
    expect((await theirs.holder(KEY))?.instanceId).toBe(SECOND.instanceId);
  });

  it('keeps one lease per key', async () => {
    const mine = store();
    await mine.take(KEY, FIRST);
    expect(await (await otherProcess()).take('telegram:654321', SECOND)).toEqual({ held: true });
  });

  it.each([
    ['nobody holds it', false],
    ['its holder went quiet', true],
  ])(
    'goes to exactly one of several processes taking it at once when %s',
    async (_, heldBefore) => {
      if (heldBefore) {
        await store().take(KEY, { instanceId: 'gone', host: 'box-z', pid: 1 });
        clock.advance(STALE_AFTER_MS + 1);
      }
      const claimants = [0, 1, 2, 3].map((n) => ({
        instanceId: `racer-${n}`,
        host: 'box',
        pid: n,
      }));
      const stores = [store(), await otherProcess(), await otherProcess(), await otherProcess()];
      const outcomes = await Promise.all(
        claimants.map((claimant, n) => stores[n]!.take(KEY, claimant)),
      );
      const winners = claimants.filter((_, n) => outcomes[n]!.held);
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) {
        if (!outcome.held) expect(outcome.holder?.instanceId).toBe(winners[0]!.instanceId);
      }
    },
  );
});
