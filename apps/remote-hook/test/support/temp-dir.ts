import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system's temp folder, symlinks resolved (macOS /tmp). */
export async function makeTempDir(label: string): Promise<string> {
  return realpath(await mkdtemp(join(tmpdir(), `ccr-remote-hook-${label}-`)));
}

export async function removeTempDir(path: string | undefined): Promise<void> {
  if (path) await rm(path, { recursive: true, force: true });
}
