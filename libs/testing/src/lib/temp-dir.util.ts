import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new empty folder under the system's temp folder, its real path (no symlinks). */
export async function makeTempDir(prefix: string): Promise<string> {
  const safePrefix = prefix.replace(/[^A-Za-z0-9._-]/g, '-');
  return realpath(
    await mkdtemp(join(tmpdir(), safePrefix.endsWith('-') ? safePrefix : `${safePrefix}-`)),
  );
}

/**
 * Removes a folder and everything in it; a folder that is already gone is fine. A process that
 * is ending may still write into it: ENOTEMPTY and EBUSY are retried for a few seconds.
 */
export async function removeDir(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
