import type { DataSource } from 'typeorm';
import { FakeClock, TempDatabases } from '../../test/temp-database.util';
import { SignatureReplayStore } from './signature-replay.store';

describe('SignatureReplayStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-05-01T08:00:00.000Z');
  });
  afterEach(() => dbs.cleanup());

  const inFiveMinutes = () => new Date(clock.now().getTime() + 300_000);

  it('says a signature is new once, then a replay, to every process on the database', async () => {
    const mine = new SignatureReplayStore(dataSource, { clock: clock.now });
    const theirs = new SignatureReplayStore(await dbs.open(await dbs.location()), {
      clock: clock.now,
    });
    expect(await mine.seen('sha256=aa', inFiveMinutes())).toBe(false);
    expect(await mine.seen('sha256=aa', inFiveMinutes())).toBe(true);
    expect(await theirs.seen('sha256=aa', inFiveMinutes())).toBe(true);
    expect(await theirs.seen('sha256=bb', inFiveMinutes())).toBe(false);
  });

  it('lets exactly one of several processes accept a signature sent to all at once', async () => {
    const stores = [new SignatureReplayStore(dataSource, { clock: clock.now })];
    for (let i = 0; i < 3; i++) {
      stores.push(
        new SignatureReplayStore(await dbs.open(await dbs.location()), { clock: clock.now }),
      );
    }
    const answers = await Promise.all(
      [...stores, ...stores].map((store) => store.seen('sha256=cc', inFiveMinutes())),
    );
    expect(answers.filter((replayed) => !replayed)).toHaveLength(1);
  });

  it('forgets signatures once they are too old to be accepted anyway', async () => {
    const store = new SignatureReplayStore(dataSource, { clock: clock.now, pruneIntervalMs: 0 });
    await store.seen('sha256=old', inFiveMinutes());
    clock.advance(300_000);
    await store.seen('sha256=new', inFiveMinutes());
    expect(
      (await dataSource.query('SELECT signature FROM signature_replays')) as unknown[],
    ).toEqual([{ signature: 'sha256=new' }]);
  });
});
