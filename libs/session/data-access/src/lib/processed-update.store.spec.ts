import type { DataSource } from 'typeorm';
import { FakeClock, HOUR, TempDatabases } from '../../test/temp-database.util';
import { ProcessedUpdateStore } from './processed-update.store';

describe('ProcessedUpdateStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-05-01T08:00:00.000Z');
  });
  afterEach(() => dbs.cleanup());

  const ids = async (): Promise<number[]> =>
    (
      (await dataSource.query(
        'SELECT update_id FROM processed_updates ORDER BY update_id',
      )) as Array<{ update_id: number }>
    ).map((row) => row.update_id);

  it('lets the first claim of an update win and refuses the others', async () => {
    const store = new ProcessedUpdateStore(dataSource, { clock: clock.now });
    expect(await store.claim(1001)).toBe(true);
    expect(await store.claim(1001)).toBe(false);
    expect(await store.claim(1002)).toBe(true);
    expect(await ids()).toEqual([1001, 1002]);
  });

  it('refuses a claim made through another connection to the same file', async () => {
    const shared = await dbs.location('shared');
    const theirs = new ProcessedUpdateStore(await dbs.open(shared));
    const mine = new ProcessedUpdateStore(await dbs.open(shared));
    expect(await theirs.claim(7)).toBe(true);
    expect(await mine.claim(7)).toBe(false);
  });

  it('gives an update to exactly one of many claims made at once', async () => {
    const store = new ProcessedUpdateStore(dataSource);
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claim(55)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('forgets update ids after a day, pruning at most once per interval', async () => {
    const store = new ProcessedUpdateStore(dataSource, {
      clock: clock.now,
      pruneIntervalMs: 2 * HOUR,
    });
    await store.claim(1);
    clock.advance(HOUR);
    await store.claim(2);
    clock.advance(23.5 * HOUR);
    await store.claim(3);
    expect(await ids()).toEqual([2, 3]);
    clock.advance(HOUR);
    // 2 is older than a day now, but the last prune was an hour ago.
    await store.claim(4);
    expect(await ids()).toEqual([2, 3, 4]);
    clock.advance(HOUR);
    await store.claim(5);
    expect(await ids()).toEqual([3, 4, 5]);
  });

  it('refuses an update id that is not a non-negative integer', async () => {
    const store = new ProcessedUpdateStore(dataSource);
    await expect(store.claim(-1)).rejects.toThrow(RangeError);
    await expect(store.claim(1.5)).rejects.toThrow(RangeError);
  });
});
