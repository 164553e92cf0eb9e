import { spawnSync } from 'node:child_process';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { acquireSpoolLock, isStale, LOCK_FILE_NAME } from './spool-lock.util';

describe('acquireSpoolLock', () => {
  let dir: string;
  let lockPath: string;
  beforeEach(async () => {
    dir = await makeTempDir('lock');
    lockPath = join(dir, LOCK_FILE_NAME);
  });
  afterEach(() => removeTempDir(dir));

  const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;

  it('lets one holder at a time have it', async () => {
    const first = await acquireSpoolLock(dir);
    expect(first).not.toBeNull();
    await expect(acquireSpoolLock(dir)).resolves.toBeNull();
    await first!.release();
    const second = await acquireSpoolLock(dir);
    expect(second).not.toBeNull();
    await second!.release();
  });

  it('waits for a holder that releases', async () => {
    const first = (await acquireSpoolLock(dir))!;
    setTimeout(() => void first.release(), 100);
    const second = await acquireSpoolLock(dir, { waitMs: 2000, pollMs: 20 });
    expect(second).not.toBeNull();
    await second!.release();
  });

  it('takes over the lock of a process that is gone', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'x' }));
    const lock = await acquireSpoolLock(dir);
    expect(lock).not.toBeNull();
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid);
    await lock!.release();
  });

  it('takes over a lock untouched for too long, even of a live process', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'x' }));
    await expect(acquireSpoolLock(dir)).resolves.toBeNull();
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath, old, old);
    const lock = await acquireSpoolLock(dir);
    expect(lock).not.toBeNull();
    await lock!.release();
  });

  it('says on refresh whether the lock is still its own', async () => {
    const lock = (await acquireSpoolLock(dir))!;
    await expect(lock.refresh()).resolves.toBe(true);
    await writeFile(lockPath, 'someone else');
    await expect(lock.refresh()).resolves.toBe(false);
  });

  it('does not release or refresh a lock that is no longer its own', async () => {
    const lock = (await acquireSpoolLock(dir))!;
    await writeFile(lockPath, 'someone else');
    await lock.refresh();
    await lock.release();
    await expect(readFile(lockPath, 'utf8')).resolves.toBe('someone else');
  });
});

describe('isStale', () => {
  const now = 1_700_000_000_000;
  it('judges by age, then by whether the holder on this machine lives', () => {
    const live = JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'n' });
    expect(isStale(live, now - 1000, 30_000, now)).toBe(false);
    expect(isStale(live, now - 31_000, 30_000, now)).toBe(true);
    expect(isStale('', now - 1000, 30_000, now)).toBe(false);
    const elsewhere = JSON.stringify({ pid: 1, host: `not-${hostname()}`, nonce: 'n' });
    expect(isStale(elsewhere, now - 1000, 30_000, now)).toBe(false);
  });
});
