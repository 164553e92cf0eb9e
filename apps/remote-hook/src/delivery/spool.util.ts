import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write.util';
import { hasErrorCode } from '../fs/fs-error.util';
import {
  ABANDONED_TEMP_FILE_MS,
  REJECTED_DIR_NAME,
  SPOOL_DIR_MODE,
  SPOOL_ENTRY_PATTERN,
  SPOOL_FILE_MODE,
} from './spool.constant';

export interface SpoolEntry {
  name: string;
  path: string;
}

/**
 * Stores one event body as a new file behind every event already there. The name's time
 * never goes below the newest entry's, so the order holds even when the clock steps back.
 */
export async function enqueueEvent(
  dir: string,
  body: string,
  nowMs: number = Date.now(),
): Promise<SpoolEntry> {
  await mkdir(dir, { recursive: true, mode: SPOOL_DIR_MODE });
  const names = await entryNames(dir);
  const newest = names.length > 0 ? parseEntryName(names[names.length - 1]) : null;
  let ms = nowMs;
  let sequence = 0;
  if (newest && newest.ms >= ms) {
    ms = newest.ms;
    sequence = newest.sequence + 1;
  }
  const name = `${String(ms).padStart(15, '0')}-${String(sequence).padStart(6, '0')}-${randomUUID()}.json`;
  const path = join(dir, name);
  await writeFileAtomic(path, body, { mode: SPOOL_FILE_MODE, dirMode: SPOOL_DIR_MODE });
  return { name, path };
}

/** Events waiting for delivery, oldest first. */
export async function listPending(dir: string): Promise<SpoolEntry[]> {
  return (await entryNames(dir)).map((name) => ({ name, path: join(dir, name) }));
}

export function rejectedDir(dir: string): string {
  return join(dir, REJECTED_DIR_NAME);
}

export async function listRejected(dir: string): Promise<SpoolEntry[]> {
  const folder = rejectedDir(dir);
  return (await entryNames(folder)).map((name) => ({ name, path: join(folder, name) }));
}

/** The body, or null when the file is gone. */
export async function readEntry(entry: SpoolEntry): Promise<string | null> {
  try {
    return await readFile(entry.path, 'utf8');
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return null;
    throw error;
  }
}

export async function removeEntry(entry: SpoolEntry): Promise<void> {
  await rm(entry.path, { force: true });
}

/** Moves an event out of the queue into `rejected/`, keeping its name; returns the new path. */
export async function rejectEntry(dir: string, entry: SpoolEntry): Promise<string> {
  const folder = rejectedDir(dir);
  await mkdir(folder, { recursive: true, mode: SPOOL_DIR_MODE });
  const target = join(folder, entry.name);
  await rename(entry.path, target);
  return target;
}

/**
 * Puts refused events back in the queue, for after the cause was fixed (a wrong secret, a
 * hub that did not know a field yet). Their names keep them in time order among the rest.
 */
export async function requeueRejected(dir: string): Promise<number> {
  const entries = await listRejected(dir);
  for (const entry of entries) await rename(entry.path, join(dir, entry.name));
  return entries.length;
}

/** The time an entry was spooled, from its name. */
export function spooledAt(entry: SpoolEntry): Date | null {
  const parsed = parseEntryName(entry.name);
  return parsed ? new Date(parsed.ms) : null;
}

/** Deletes temporary files that a run killed mid-write left behind. */
export async function removeAbandonedTemporaryFiles(
  dir: string,
  nowMs: number = Date.now(),
): Promise<void> {
  for (const name of await safeReaddir(dir)) {
    if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    try {
      if (nowMs - (await stat(path)).mtimeMs > ABANDONED_TEMP_FILE_MS)
        await rm(path, { force: true });
    } catch (error) {
      if (!hasErrorCode(error, 'ENOENT')) throw error;
    }
  }
}

function parseEntryName(name: string): { ms: number; sequence: number } | null {
  const match = SPOOL_ENTRY_PATTERN.exec(name);
  return match ? { ms: Number(match[1]), sequence: Number(match[2]) } : null;
}

async function entryNames(dir: string): Promise<string[]> {
  return (await safeReaddir(dir)).filter((name) => SPOOL_ENTRY_PATTERN.test(name)).sort();
}

async function safeReaddir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (hasErrorCode(error, 'ENOENT')) return [];
    throw error;
  }
}
