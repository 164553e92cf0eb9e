import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutorErrorCode, type ServerConfig, type TmuxExecutor } from '../src';

export interface FilesContext {
  executor: TmuxExecutor;
  server: ServerConfig;
  /** The home folder the server's user has there. */
  home: string;
  /** A fresh folder of the server's user for one test. */
  folder(name: string): string;
  /** Makes what the test wrote beside the executor belong to the server's user. */
  own(path: string): void;
}

async function* chunksOf(parts: Array<string | Buffer>): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

/**
 * What the executor's file calls must do on any kind of server: over SFTP on the SSH
 * connection, and with fs on the hub. `context()` is read in each test, after the caller's
 * beforeAll has set it up.
 */
export function filesBehaviour(context: () => FilesContext): void {
  it("knows the user's home folder there", async () => {
    const { executor, server, home } = context();
    expect(await executor.homeDir(server)).toBe(home);
  });

  it('makes a folder and the missing ones above it, 0700, and leaves existing ones alone', async () => {
    const { executor, server, folder } = context();
    const base = folder('mkdir');
    const deep = join(base, 'inbox', 'kr4:1');
    await executor.makeDirectory(server, deep);
    expect(statSync(join(base, 'inbox')).mode & 0o777).toBe(0o700);
    expect(statSync(deep).mode & 0o777).toBe(0o700);
    expect(statSync(base).mode & 0o777).toBe(0o755);
    await expect(executor.makeDirectory(server, deep)).resolves.toBeUndefined();
    await executor.makeDirectory(server, join(base, 'open'), { mode: 0o755 });
    expect(statSync(join(base, 'open')).mode & 0o777).toBe(0o755);
  });

  it('refuses to make a folder where a file is', async () => {
    const { executor, server, folder, own } = context();
    const base = folder('mkdir-file');
    writeFileSync(join(base, 'taken'), 'x');
    own(base);
    await expect(
      executor.makeDirectory(server, join(base, 'taken', 'below')),
    ).rejects.toMatchObject({
      code: ExecutorErrorCode.FileFailed,
      message: expect.stringContaining('is not a folder'),
    });
  });

  it('writes a new file, 0600, from bytes or from chunks as they come', async () => {
    const { executor, server, folder } = context();
    const base = folder('write');
    const bytes = join(base, 'screenshot.png');
    expect(await executor.writeFile(server, bytes, Buffer.from('PNG…'), { maxBytes: 100 })).toBe(6);
    expect(readFileSync(bytes, 'utf8')).toBe('PNG…');
    expect(statSync(bytes).mode & 0o777).toBe(0o600);

    // 5 MB in uneven chunks, read back whole.
    const big = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 1) big[i] = (i * 7) % 251;
    const parts = [big.subarray(0, 1000), big.subarray(1000, 3_000_000), big.subarray(3_000_000)];
    const large = join(base, 'build.log');
    await executor.writeFile(server, large, chunksOf(parts), { maxBytes: big.length });
    expect(readFileSync(large).equals(big)).toBe(true);
    const back = await executor.readFile(server, large, { maxBytes: big.length });
    expect(back.equals(big)).toBe(true);
  });

  it('never replaces what is there, a dangling link included', async () => {
    const { executor, server, folder, own } = context();
    const base = folder('exists');
    writeFileSync(join(base, 'kept.txt'), 'original');
    symlinkSync(join(base, 'nowhere'), join(base, 'link.txt'));
    own(base);
    for (const name of ['kept.txt', 'link.txt']) {
      await expect(
        executor.writeFile(server, join(base, name), Buffer.from('new'), { maxBytes: 10 }),
      ).rejects.toMatchObject({ code: ExecutorErrorCode.FileExists });
    }
    expect(readFileSync(join(base, 'kept.txt'), 'utf8')).toBe('original');
    expect(existsSync(join(base, 'nowhere'))).toBe(false);
  });

  it('removes what it wrote when the file runs over its bound or the source fails', async () => {
    const { executor, server, folder } = context();
    const base = folder('partial');
    const tooBig = join(base, 'too-big.bin');
    await expect(
      executor.writeFile(server, tooBig, chunksOf(['12345', '67890', 'x']), { maxBytes: 10 }),
    ).rejects.toMatchObject({ code: ExecutorErrorCode.FileTooLarge });
    expect(existsSync(tooBig)).toBe(false);

    const broken = join(base, 'broken.bin');
    const failing = async function* (): AsyncGenerator<Uint8Array> {
      yield Buffer.alloc(300_000, 1);
      throw new Error('the download dropped');
    };
    await expect(
      executor.writeFile(server, broken, failing(), { maxBytes: 1_000_000 }),
    ).rejects.toThrow('the download dropped');
    expect(existsSync(broken)).toBe(false);
  });

  it('resolves links and ".." as the server does, and says when nothing is there', async () => {
    const { executor, server, folder, own } = context();
    const base = folder('realpath');
    mkdirSync(join(base, 'project', 'src'), { recursive: true });
    writeFileSync(join(base, 'secret.txt'), 'outside');
    symlinkSync(join(base, 'secret.txt'), join(base, 'project', 'escape'));
    own(base);
    expect(await executor.realPath(server, join(base, 'project', 'src', '..', 'escape'))).toBe(
      join(base, 'secret.txt'),
    );
    await expect(executor.realPath(server, join(base, 'project', 'nope'))).rejects.toMatchObject({
      code: ExecutorErrorCode.FileNotFound,
    });
  });

  it('tells a file from a folder, with its size, and reads a file within its bound', async () => {
    const { executor, server, folder, own } = context();
    const base = folder('read');
    writeFileSync(join(base, 'notes.md'), '# Notes\n');
    own(base);
    expect(await executor.fileInfo(server, join(base, 'notes.md'))).toMatchObject({
      kind: 'file',
      size: 8,
    });
    expect(await executor.fileInfo(server, base)).toMatchObject({ kind: 'directory' });
    expect(await executor.fileInfo(server, join(base, 'missing'))).toBeNull();
    expect(
      (await executor.readFile(server, join(base, 'notes.md'), { maxBytes: 8 })).toString(),
    ).toBe('# Notes\n');
    await expect(
      executor.readFile(server, join(base, 'notes.md'), { maxBytes: 7 }),
    ).rejects.toMatchObject({ code: ExecutorErrorCode.FileTooLarge });
    await expect(
      executor.readFile(server, join(base, 'missing'), { maxBytes: 7 }),
    ).rejects.toMatchObject({ code: ExecutorErrorCode.FileNotFound });
  });

  it('takes absolute paths only', async () => {
    const { executor, server } = context();
    for (const call of [
      () => executor.fileInfo(server, 'relative/path'),
      () => executor.readFile(server, '~/notes.md', { maxBytes: 1 }),
      () => executor.writeFile(server, '/tmp/a\u0000b', Buffer.from('x'), { maxBytes: 1 }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: ExecutorErrorCode.InvalidArgument });
    }
  });
}
