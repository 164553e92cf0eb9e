import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, removeDir, startTmuxServer, type TestTmuxServer } from '@ccr/testing';
import { ExecutorErrorCode, TmuxExecutor, type LocalServerConfig } from '../src';
import { filesBehaviour } from './files.behaviour';
import { homedir } from 'node:os';
import { typingBehaviour } from './typing.behaviour';
import { windowBehaviour } from './window.behaviour';

describe('TmuxExecutor on the local server (real tmux, no shell)', () => {
  let tmux: TestTmuxServer;
  let executor: TmuxExecutor;
  let server: LocalServerConfig;

  beforeAll(async () => {
    tmux = await startTmuxServer();
    server = { id: 'local', type: 'local', tmuxSocket: { path: tmux.socketPath } };
    executor = new TmuxExecutor();
  });

  afterAll(async () => {
    await executor?.close();
    await tmux?.dispose();
  });

  typingBehaviour(() => ({ executor, server, tmux }));

  describe('files, with fs', () => {
    let home: string;
    let files: TmuxExecutor;
    beforeAll(async () => {
      home = await makeTempDir('ccr-local-files-');
      chmodSync(home, 0o755);
      files = new TmuxExecutor({ homeDir: home });
    });
    afterAll(async () => {
      await files.close();
      await removeDir(home);
    });
    filesBehaviour(() => ({
      executor: files,
      server,
      home,
      folder: (name) => {
        const path = join(home, name);
        mkdirSync(path, { mode: 0o755 });
        chmodSync(path, 0o755);
        return path;
      },
      own: () => undefined,
    }));
  });

  describe('windows', () => {
    // Its own tmux server, which the first window starts.
    let windows: TestTmuxServer;
    let windowServer: LocalServerConfig;
    beforeAll(async () => {
      windows = await startTmuxServer();
      windowServer = { id: 'local', type: 'local', tmuxSocket: { path: windows.socketPath } };
    });
    afterAll(() => windows?.dispose());

    windowBehaviour(() => ({
      executor,
      server: windowServer,
      tmux: windows,
      home: process.env['HOME'] ?? homedir(),
    }));

    it('reports a missing tmux once the folder and program are found', async () => {
      await expect(
        executor.openWindow(
          { ...windowServer, id: 'no-tmux', tmuxPath: join(windows.dir, 'no-such-tmux') },
          { session: 'ccr', folder: windows.dir, command: ['sleep', '1'] },
        ),
      ).rejects.toMatchObject({
        code: ExecutorErrorCode.TmuxMissing,
        message: expect.stringContaining('no-such-tmux'),
      });
    });
  });

  it('reports a missing tmux program as TmuxMissing', async () => {
    const missing: LocalServerConfig = {
      ...server,
      id: 'no-tmux',
      tmuxPath: join(tmux.dir, 'no-such-tmux'),
    };
    await expect(executor.ping(missing)).rejects.toMatchObject({
      code: ExecutorErrorCode.TmuxMissing,
    });
    await expect(executor.sendText(missing, '%0', 'x')).rejects.toMatchObject({
      code: ExecutorErrorCode.TmuxMissing,
      message: expect.stringContaining('no-such-tmux'),
    });
  });

  it('gives up on a tmux that does not answer', async () => {
    const hung = join(tmux.dir, 'hung-tmux.sh');
    writeFileSync(hung, '#!/bin/sh\nexec sleep 60\n');
    chmodSync(hung, 0o755);
    const quick = new TmuxExecutor({ commandTimeoutMs: 300 });
    try {
      await expect(quick.sendText({ ...server, tmuxPath: hung }, '%0', 'x')).rejects.toMatchObject({
        code: ExecutorErrorCode.CommandTimeout,
      });
    } finally {
      await quick.close();
    }
  });

  it('takes no more commands once closed', async () => {
    const closing = new TmuxExecutor();
    await closing.close();
    await expect(closing.sendText(server, '%0', 'x')).rejects.toMatchObject({
      code: ExecutorErrorCode.Closed,
    });
    await expect(closing.ping(server)).rejects.toMatchObject({ code: ExecutorErrorCode.Closed });
  });
});
