import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { FileAccess, FileInfo } from './file-access.types';
import {
  type FileErrorContext,
  fileNotFound,
  fileTooLarge,
  sftpFileError,
} from './file-error.util';
import type { Ssh2Sftp, Ssh2SftpError, Ssh2SftpStats } from './ssh2.types';

/** What the SFTP calls need from the connection they run on. */
export interface SftpSession {
  sftp: Ssh2Sftp;
  serverId: string;
  /** Each SFTP request; a request that takes longer means a link that died unnoticed. */
  timeoutMs: number;
  /** Drops the connection after a request timed out, and says so. */
  timedOut(operation: string): ExecutorError;
  /** The error for a request that failed because the connection dropped; undefined while alive. */
  lost(operation: string, cause: unknown): ExecutorError | undefined;
}

/** Writes are gathered to this size: one SFTP request each, a round trip apiece. */
const WRITE_CHUNK_BYTES = 256 * 1024;
const READ_CHUNK_BYTES = 256 * 1024;
const SFTP_NO_SUCH_FILE = 2;

function kindOf(stats: Ssh2SftpStats): FileInfo['kind'] {
  if (stats.isFile()) return 'file';
  return stats.isDirectory() ? 'directory' : 'other';
}

/** Files on a server over SFTP, on the SSH connection that types into its panes. */
export class SftpFileAccess implements FileAccess {
  constructor(private readonly session: SftpSession) {}

  home(): Promise<string> {
    // sftp-server starts in the user's home folder.
    return this.request<string>('find the home folder of', '.', (done) =>
      this.session.sftp.realpath('.', done),
    );
  }

  async stat(path: string): Promise<FileInfo | null> {
    const stats = await this.request<Ssh2SftpStats | null>('look at', path, (done) =>
      this.session.sftp.stat(path, (error, value) =>
        (error as Ssh2SftpError | undefined)?.code === SFTP_NO_SUCH_FILE
          ? done(undefined, null)
          : done(error, value),
      ),
    );
    if (stats) return { kind: kindOf(stats), size: stats.size, mode: stats.mode & 0o7777 };
    // A dangling link is something there all the same: a new file must not take its place.
    const link = await this.request<Ssh2SftpStats | null>('look at', path, (done) =>
      this.session.sftp.lstat(path, (error, value) =>
        (error as Ssh2SftpError | undefined)?.code === SFTP_NO_SUCH_FILE
          ? done(undefined, null)
          : done(error, value),
      ),
    );
    return link ? { kind: 'other', size: 0, mode: link.mode & 0o7777 } : null;
  }

  async realpath(path: string): Promise<string> {
    const resolved = await this.request<string>('resolve', path, (done) =>
      this.session.sftp.realpath(path, done),
    );
    // OpenSSH's sftp-server resolves a path whose last part is missing as if it were there.
    if ((await this.stat(resolved)) === null) {
      throw fileNotFound(this.context('resolve', path));
    }
    return resolved;
  }

  async mkdir(path: string, mode: number): Promise<void> {
    await this.request<void>('create the folder', path, (done) =>
      this.session.sftp.mkdir(path, { mode }, done),
    );
  }

  async write(path: string, chunks: AsyncIterable<Uint8Array>, mode: number): Promise<void> {
    // SFTP version 3 answers a plain "Failure" when an exclusive create finds a file there:
    // look first, so that the answer can say what is wrong.
    if ((await this.stat(path)) !== null) {
      throw new ExecutorError(
        ExecutorErrorCode.FileExists,
        `Cannot write ${path} on server "${this.session.serverId}": something is already there.`,
        { serverId: this.session.serverId },
      );
    }
    const handle = await this.request<Buffer>('write', path, (done) =>
      this.session.sftp.open(path, 'wx', { mode }, done),
    );
    let position = 0;
    const flush = async (pending: Buffer[]): Promise<void> => {
      const data = Buffer.concat(pending);
      pending.length = 0;
      if (data.length === 0) return;
      const at = position;
      position += data.length;
      await this.request<void>('write', path, (done) =>
        this.session.sftp.write(handle, data, 0, data.length, at, done),
      );
    };
    try {
      const pending: Buffer[] = [];
      let pendingBytes = 0;
      for await (const chunk of chunks) {
        pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= WRITE_CHUNK_BYTES) {
          pendingBytes = 0;
          await flush(pending);
        }
      }
      await flush(pending);
    } finally {
      await this.closeQuietly(handle, path);
    }
  }

  async read(path: string, maxBytes: number): Promise<Buffer> {
    const context = this.context('read', path);
    const handle = await this.request<Buffer>('read', path, (done) =>
      this.session.sftp.open(path, 'r', {}, done),
    );
    try {
      const { size } = await this.request<Ssh2SftpStats>('read', path, (done) =>
        this.session.sftp.fstat(handle, done),
      );
      if (size > maxBytes) throw fileTooLarge(context, maxBytes, size);
      const parts: Buffer[] = [];
      let total = 0;
      for (;;) {
        const piece = Buffer.allocUnsafe(READ_CHUNK_BYTES);
        const at = total;
        const bytesRead = await this.request<number>('read', path, (done) =>
          this.session.sftp.read(handle, piece, 0, piece.length, at, done),
        );
        if (!bytesRead) break;
        total += bytesRead;
        // The file grew after it was measured.
        if (total > maxBytes) throw fileTooLarge(context, maxBytes);
        parts.push(piece.subarray(0, bytesRead));
      }
      return Buffer.concat(parts, total);
    } finally {
      await this.closeQuietly(handle, path);
    }
  }

  async remove(path: string): Promise<void> {
    await this.request<void>('remove', path, (done) =>
      this.session.sftp.unlink(path, (error) =>
        (error as Ssh2SftpError | undefined)?.code === SFTP_NO_SUCH_FILE
          ? done(undefined, undefined)
          : done(error, undefined),
      ),
    );
  }

  private async closeQuietly(handle: Buffer, path: string): Promise<void> {
    await this.request<void>('close', path, (done) => this.session.sftp.close(handle, done)).catch(
      () => undefined,
    );
  }

  private context(operation: string, path: string): FileErrorContext {
    return { serverId: this.session.serverId, operation, path };
  }

  /** One SFTP request, bounded in time, its failure as an ExecutorError. */
  private request<T>(
    operation: string,
    path: string,
    start: (done: (error: Ssh2SftpError | undefined | null, value: T) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        reject(this.session.timedOut(`SFTP ${operation} ${path}`));
      }, this.session.timeoutMs);
      try {
        start((error, value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          if (!error) {
            resolve(value);
            return;
          }
          reject(
            this.session.lost(`SFTP ${operation} ${path}`, error) ??
              sftpFileError(error, this.context(operation, path)),
          );
        });
      } catch (error) {
        // ssh2 throws at once on a channel that already closed.
        settled = true;
        clearTimeout(timer);
        reject(
          this.session.lost(`SFTP ${operation} ${path}`, error) ??
            sftpFileError(error, this.context(operation, path)),
        );
      }
    });
  }
}
