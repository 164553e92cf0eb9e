import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { FileAccess, FileInfo } from './file-access.types';
import { type FileErrorContext, fileTooLarge, localFileError } from './file-error.util';

/** Reads in pieces of this size; a file is never read past the bound by more than one piece. */
const READ_CHUNK_BYTES = 256 * 1024;

function kindOf(info: { isFile(): boolean; isDirectory(): boolean }): FileInfo['kind'] {
  if (info.isFile()) return 'file';
  return info.isDirectory() ? 'directory' : 'other';
}

/** Files on the hub itself, as the user hub-bot runs as, with Node's fs. */
export class LocalFileAccess implements FileAccess {
  constructor(
    private readonly serverId: string,
    private readonly homeDir: string = homedir(),
  ) {}

  async home(): Promise<string> {
    return this.homeDir;
  }

  async stat(path: string): Promise<FileInfo | null> {
    return this.attempt('look at', path, async () => {
      try {
        const info = await stat(path);
        return { kind: kindOf(info), size: info.size, mode: info.mode & 0o7777 };
      } catch (error) {
        // A dangling link is something there all the same: a new file must not take its place.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          const link = await lstat(path).catch(() => null);
          return link ? { kind: 'other' as const, size: 0, mode: link.mode & 0o7777 } : null;
        }
        throw error;
      }
    });
  }

  realpath(path: string): Promise<string> {
    return this.attempt('resolve', path, () => realpath(path));
  }

  async mkdir(path: string, mode: number): Promise<void> {
    await this.attempt('create the folder', path, () => mkdir(path, { mode }));
  }

  async write(path: string, chunks: AsyncIterable<Uint8Array>, mode: number): Promise<void> {
    const context = this.context('write', path);
    // O_EXCL: a new file only, never through a link someone left at that name.
    const handle = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      mode,
    ).catch((error: unknown) => {
      throw localFileError(error, context);
    });
    try {
      for await (const chunk of chunks) {
        await handle.write(chunk).catch((error: unknown) => {
          throw localFileError(error, context);
        });
      }
    } finally {
      await handle.close();
    }
  }

  async read(path: string, maxBytes: number): Promise<Buffer> {
    const context = this.context('read', path);
    const handle = await open(path, 'r').catch((error: unknown) => {
      throw localFileError(error, context);
    });
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) throw fileTooLarge(context, maxBytes, size);
      const parts: Buffer[] = [];
      let total = 0;
      for (;;) {
        const piece = Buffer.allocUnsafe(READ_CHUNK_BYTES);
        const { bytesRead } = await handle.read(piece, 0, piece.length, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        // The file grew after it was measured.
        if (total > maxBytes) throw fileTooLarge(context, maxBytes);
        parts.push(piece.subarray(0, bytesRead));
      }
      return Buffer.concat(parts, total);
    } catch (error) {
      throw localFileError(error, context);
    } finally {
      await handle.close();
    }
  }

  async remove(path: string): Promise<void> {
    await this.attempt('remove', path, () => rm(path, { force: true }));
  }

  private context(operation: string, path: string): FileErrorContext {
    return { serverId: this.serverId, operation, path };
  }

  private async attempt<T>(operation: string, path: string, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw localFileError(error, this.context(operation, path));
    }
  }
}
