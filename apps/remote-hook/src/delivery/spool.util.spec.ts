import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import {
  enqueueEvent,
  listPending,
  listRejected,
  readEntry,
  rejectEntry,
  removeAbandonedTemporaryFiles,
  removeEntry,
  requeueRejected,
  spooledAt,
} from './spool.util';

describe('spool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await makeTempDir('spool'), 'spool');
  });
  afterEach(() => removeTempDir(join(dir, '..')));

  const bodies = async (): Promise<string[]> =>
    Promise.all((await listPending(dir)).map(async (entry) => (await readEntry(entry)) ?? ''));

  it('keeps events in the order they were spooled, one private file each', async () => {
    await enqueueEvent(dir, '{"n":1}', 1_700_000_000_000);
    await enqueueEvent(dir, '{"n":2}', 1_700_000_000_000);
    await enqueueEvent(dir, '{"n":3}', 1_700_000_000_001);
    expect(await bodies()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);

    const [first] = await listPending(dir);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(spooledAt(first)?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  it('keeps the order when the clock steps back', async () => {
    await enqueueEvent(dir, '{"n":1}', 1_700_000_005_000);
    await enqueueEvent(dir, '{"n":2}', 1_700_000_000_000);
    expect(await bodies()).toEqual(['{"n":1}', '{"n":2}']);
  });

  it('ignores temporary and foreign files, and deletes abandoned temporary ones', async () => {
    await enqueueEvent(dir, '{"n":1}');
    const fresh = join(dir, '.x.json.1.abc.tmp');
    const abandoned = join(dir, '.y.json.1.def.tmp');
    await writeFile(fresh, '{');
    await writeFile(abandoned, '{');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(abandoned, old, old);

    expect(await listPending(dir)).toHaveLength(1);
    await removeAbandonedTemporaryFiles(dir);
    const names = await readdir(dir);
    expect(names).toContain('.x.json.1.abc.tmp');
    expect(names).not.toContain('.y.json.1.def.tmp');
    expect(names).toContain('notes.txt');
  });

  it('moves a rejected event aside, and back on request', async () => {
    const entry = await enqueueEvent(dir, '{"n":1}');
    await enqueueEvent(dir, '{"n":2}');
    const movedTo = await rejectEntry(dir, entry);
    expect(movedTo).toBe(join(dir, 'rejected', entry.name));
    expect(await bodies()).toEqual(['{"n":2}']);
    expect((await listRejected(dir)).map((e) => e.name)).toEqual([entry.name]);

    await expect(requeueRejected(dir)).resolves.toBe(1);
    expect(await bodies()).toEqual(['{"n":1}', '{"n":2}']);
    expect(await listRejected(dir)).toEqual([]);
  });

  it('lists nothing for a spool that does not exist yet, and removes entries', async () => {
    expect(await listPending(dir)).toEqual([]);
    const entry = await enqueueEvent(dir, '{}');
    await removeEntry(entry);
    expect(await listPending(dir)).toEqual([]);
    await expect(readEntry(entry)).resolves.toBeNull();
  });
});
