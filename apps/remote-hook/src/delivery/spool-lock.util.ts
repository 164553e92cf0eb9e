import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { hasErrorCode } from '../fs/fs-error.util';
import { SPOOL_DIR_MODE, SPOOL_FILE_MODE } from './spool.constant';

export const LOCK_FILE_NAME = '.lock';

/**
 * A holder refreshes the lock before every event it sends, so a lock untouched for this long
 * belongs to a run that died (or hangs) and may be taken over.
 */
export const STALE_LOCK_MS = 30_000;

export interface SpoolLock {
  /**
   * Marks the lock as still in use. False when it is no longer this run's: another run took it
   * over (this one looked dead or hung), and this one must stop sending.
   */
  refresh(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** How long to keep trying while another run holds the lock; 0 tries once. */
  waitMs?: number;
  staleMs?: number;
  pollMs?: number;
}

interface LockOwner {
  pid: number;
  host: string;
  nonce: string;
}

/**
 * Takes the spool's lock (a file created with O_EXCL) so that one run at a time sends, and
 * no event goes out twice or out of order. Null when another live run holds it.
 */
export async function acquireSpoolLock(
  dir: string,
  options: LockOptions = {},
): Promise<SpoolLock | null> {
  const { waitMs = 0, staleMs = STALE_LOCK_MS, pollMs = 50 } = options;
  await mkdir(dir, { recursive: true, mode: SPOOL_DIR_MODE });
  const path = join(dir, LOCK_FILE_NAME);
  const giveUpAt = Date.now() + waitMs;
  for (;;) {
    const lock =
      (await tryCreate(path)) ??
      ((await breakIfStale(dir, path, staleMs)) ? await tryCreate(path) : null);
    if (lock) return lock;
    if (Date.now() + pollMs > giveUpAt) return null;
    await delay(pollMs);
  }
}

async function tryCreate(path: string): Promise<SpoolLock | null> {
  const owner: LockOwner = { pid: process.pid, host: hostname(), nonce: randomUUID() };
  const content = JSON.stringify(owner);
  try {
    await writeFile(path, content, { flag: 'wx', mode: SPOOL_FILE_MODE });
  } catch (error) {
    if (hasErrorCode(error, 'EEXIST')) return null;
    throw error;
  }
  return heldLock(path, content);
}

function heldLock(path: string, content: string): SpoolLock {
  const stillOurs = async (): Promise<boolean> =>
    (await readFile(path, 'utf8').catch(() => null)) === content;
  return {
    async refresh() {
      if (!(await stillOurs())) return false;
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      return true;
    },
    async release() {
      if (await stillOurs()) await rm(path, { force: true });
    },
  };
}

/**
 * Removes the lock when its holder is gone. Renaming it aside first and checking that the
 * renamed file is the stale one stops two runs from each breaking the lock the other just took.
 * True when the lock is gone and creating it may be tried again.
 */
async function breakIfStale(dir: string, path: string, staleMs: number): Promise<boolean> {
  let content: string;
  let modifiedMs: number;
  try {
    [content, modifiedMs] = await Promise.all([
      readFile(path, 'utf8'),
      stat(path).then((stats) => stats.mtimeMs),
    ]);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return true;
    throw error;
  }
  if (!isStale(content, modifiedMs, staleMs)) return false;

  const aside = join(dir, `${LOCK_FILE_NAME}.${randomUUID()}.stale`);
  try {
    await rename(path, aside);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return true;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== content) {
    // Another run replaced the stale lock between our read and our rename: give it back.
    await link(aside, path).catch(() => undefined);
    await rm(aside, { force: true });
    return false;
  }
  await rm(aside, { force: true });
  return true;
}

export function isStale(
  content: string,
  modifiedMs: number,
  staleMs: number,
  nowMs: number = Date.now(),
): boolean {
  if (nowMs - modifiedMs > staleMs) return true;
  const owner = parseOwner(content);
  // An empty or partial file is a lock being written right now.
  if (!owner) return false;
  // A process on another machine sharing this folder cannot be checked from here.
  if (owner.host !== hostname()) return false;
  return !isProcessAlive(owner.pid);
}

function parseOwner(content: string): LockOwner | null {
  try {
    const value = JSON.parse(content) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, nonce: String(value.nonce) };
    }
  } catch {
    // Partial content: see the caller.
  }
  return null;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return hasErrorCode(error, 'EPERM');
  }
}
