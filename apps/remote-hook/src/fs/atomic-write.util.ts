import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the result, applied after the umask. */
  mode: number;
  /** Mode for the parent folder when it has to be created. */
  dirMode?: number;
}

/**
 * Writes through a temporary file in the same folder and renames it into place, so a reader
 * (or a crash) sees either the old content or the whole new one. The temporary name starts
 * with a dot: folder listings that skip dot-files never see half-written files.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  options: AtomicWriteOptions,
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx', options.mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() honours the umask; the final mode must not depend on it.
    await chmod(temporary, options.mode);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
