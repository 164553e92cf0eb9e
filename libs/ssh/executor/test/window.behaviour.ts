import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { waitFor, type TestTmuxServer } from '@ccr/testing';
import { ExecutorErrorCode, type ServerConfig, type TmuxExecutor } from '../src';
import { singleLineCorpus } from './injection-corpus';

export interface WindowContext {
  executor: TmuxExecutor;
  server: ServerConfig;
  tmux: TestTmuxServer;
  /** The home folder of the user the server runs commands as: what `~` means there. */
  home: string;
}

/** Writes its folder and arguments to the file named first, then waits; a stand-in for claude. */
const RECORDER = [
  '#!/bin/sh',
  'out=$1',
  'shift',
  `{ pwd -P; for arg; do printf '%s\\n' "$arg"; done; } > "$out.tmp" && mv "$out.tmp" "$out"`,
  'exec sleep 600',
].join('\n');

/**
 * Opening and closing windows on any kind of server: the folder and every word of the command
 * reach the program as they are, whatever shell or tmux syntax they hold, and each thing that is
 * missing is named. `context()` is read in each test, after the caller's beforeAll set it up.
 */
export function windowBehaviour(context: () => WindowContext): void {
  let dir: string;
  let recorder: string;
  let opened = 0;
  const canary = (n: number): string => join(dir, `canary-${n}`);
  const canaries = (): string[] => readdirSync(dir).filter((name) => name.startsWith('canary'));
  const session = (): string => `ccr${opened}`;

  /** A folder in the test's tmp folder, owned by the server's user. */
  function folder(name: string): string {
    const path = join(dir, name);
    mkdirSync(path, { recursive: true });
    const { user } = context().tmux;
    if (user) chownSync(path, user.uid, user.gid);
    return path;
  }

  /** What the recorder wrote: its folder, then its arguments. */
  async function recorded(out: string): Promise<{ cwd: string; args: string[] }> {
    const text = await waitFor(() => existsSync(out) && readFileSync(out, 'utf8'), {
      what: `the program in the new window to write ${out}`,
    });
    const [cwd = '', ...args] = text.replace(/\n$/, '').split('\n');
    return { cwd, args };
  }

  async function paneCommand(pane: string): Promise<string> {
    const result = await context().tmux.tmux([
      'display-message',
      '-p',
      '-t',
      pane,
      '#{pane_current_command}',
    ]);
    return result.stdout.trim();
  }

  beforeAll(() => {
    dir = realpathSync(context().tmux.dir);
    recorder = join(dir, 'recorder.sh');
    writeFileSync(recorder, `${RECORDER}\n`);
    chmodSync(recorder, 0o755);
  });

  beforeEach(() => {
    opened += 1;
  });

  afterEach(() => {
    // Checked after every test, so that an injection is pinned to the words that caused it.
    expect(canaries()).toEqual([]);
  });

  it('makes the session, then opens each window in the folder, every word as it is', async () => {
    const { executor, server } = context();
    const where = folder(
      `a dir; $(touch ${canary(1)}) 'q' "dq" #{pane_id} #(touch ${canary(2)}) end;`,
    );
    const words = singleLineCorpus(canary)
      .map((entry) => entry.text)
      .filter((text) => text !== '');
    const out = join(dir, `out-${opened}-a`);
    const first = await executor.openWindow(server, {
      session: session(),
      folder: where,
      command: [recorder, out, ...words],
    });
    expect(first).toEqual({
      session: session(),
      window: '0',
      pane: expect.stringMatching(/^%\d+$/),
      folder: where,
      program: recorder,
    });
    expect(await recorded(out)).toEqual({ cwd: where, args: words });

    const second = await executor.openWindow(server, {
      session: session(),
      folder: where,
      command: [recorder, `${out}-second`],
    });
    expect(second).toMatchObject({ session: session(), window: '1' });
    expect(second.pane).not.toBe(first.pane);
    const sessions = await context().tmux.tmux(['list-sessions', '-F', '#{session_name}']);
    expect(sessions.stdout.split('\n').filter((name) => name === session())).toHaveLength(1);
  });

  it('opens windows side by side when the session is made by the first of them', async () => {
    const { executor, server } = context();
    const where = folder('together');
    const windows = await Promise.all(
      [1, 2, 3].map((n) =>
        executor.openWindow(server, {
          session: session(),
          folder: where,
          command: [recorder, join(dir, `out-${opened}-${n}`)],
        }),
      ),
    );
    expect(windows.map((window) => window.window).sort()).toEqual(['0', '1', '2']);
  });

  it('finds a program on the PATH, and starts in the home folder for ~', async () => {
    const { executor, server, home } = context();
    const window = await executor.openWindow(server, {
      session: session(),
      folder: '~',
      command: ['sleep', '600'],
    });
    expect(window.folder).toBe(realpathSync(home));
    expect(window.program).toMatch(/^\/.*\/sleep$/);
    await waitFor(async () => (await paneCommand(window.pane)) === 'sleep', {
      what: 'sleep to run in the new window',
    });
  });

  it('names a folder that is missing or is not one, and opens nothing', async () => {
    const { executor, server } = context();
    const missing = join(dir, 'no-such-folder');
    const at = `on server "${server.id}"`;
    await expect(
      executor.openWindow(server, { session: session(), folder: missing, command: ['sleep', '1'] }),
    ).rejects.toMatchObject({
      code: ExecutorErrorCode.FolderMissing,
      message: expect.stringContaining(`There is no folder ${missing} ${at}`),
    });
    const file = join(dir, `a-file-${opened}`);
    writeFileSync(file, '');
    await expect(
      executor.openWindow(server, { session: session(), folder: file, command: ['sleep', '1'] }),
    ).rejects.toMatchObject({
      code: ExecutorErrorCode.FolderMissing,
      message: expect.stringContaining(`${file} ${at}`),
    });
    await expect(
      executor.openWindow(server, {
        session: session(),
        folder: '~/no-such-folder',
        command: ['sleep', '1'],
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(`~/no-such-folder (${context().home}/no-such-folder)`),
    });
    const sessions = await context().tmux.tmux(['has-session', '-t', `=${session()}`]);
    expect(sessions.code).not.toBe(0);
  });

  it('names a program it cannot find, with the command it tried and the PATH', async () => {
    const { executor, server } = context();
    const where = folder('no-program');
    const notRunnable = join(dir, 'not-runnable');
    writeFileSync(notRunnable, '#!/bin/sh\n');
    chmodSync(notRunnable, 0o644);
    for (const program of ['no-such-claude', join(dir, 'no-such-claude'), notRunnable, 'cd']) {
      await expect(
        executor.openWindow(server, { session: session(), folder: where, command: [program] }),
      ).rejects.toMatchObject({
        code: ExecutorErrorCode.CommandNotFound,
        message: expect.stringMatching(
          new RegExp(
            `^"${program.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" was not found on server .*command -v .* PATH=/`,
          ),
        ),
      });
    }
  });

  it('closes a window it opened, and says when it is gone already', async () => {
    const { executor, server } = context();
    const window = await executor.openWindow(server, {
      session: session(),
      folder: folder('to-close'),
      command: ['sleep', '600'],
    });
    expect(await executor.paneExists(server, window.pane)).toBe(true);
    expect(await executor.killWindow(server, window.pane)).toBe(true);
    expect(await executor.paneExists(server, window.pane)).toBe(false);
    expect(await executor.killWindow(server, window.pane)).toBe(false);
  });

  it('refuses a bad session name, folder or command before anything runs', async () => {
    const { executor, server } = context();
    const ok = { session: session(), folder: folder('refused'), command: ['sleep', '1'] };
    const cases = [
      [{ ...ok, session: 'a b' }, ExecutorErrorCode.InvalidTarget],
      [{ ...ok, session: '=ccr' }, ExecutorErrorCode.InvalidTarget],
      [{ ...ok, folder: `${ok.folder}\n$(touch ${canary(3)})` }, ExecutorErrorCode.InvalidArgument],
      [{ ...ok, folder: ' ' }, ExecutorErrorCode.InvalidArgument],
      [{ ...ok, command: [] }, ExecutorErrorCode.InvalidArgument],
      [{ ...ok, command: ['sleep', 'a\u0000b'] }, ExecutorErrorCode.InvalidArgument],
    ] as const;
    for (const [request, code] of cases) {
      await expect(executor.openWindow(server, request)).rejects.toMatchObject({ code });
    }
    expect((await context().tmux.tmux(['has-session', '-t', `=${session()}`])).code).not.toBe(0);
  });
}
