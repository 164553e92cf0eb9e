import {
  chmodSync,
  chownSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  startSshd,
  startTmuxServer,
  waitFor,
  type TestSshd,
  type TestTmuxServer,
} from '@ccr/testing';
import { ExecutorErrorCode, TmuxExecutor, type RemoteServerConfig } from '../src';
import { filesBehaviour } from './files.behaviour';
import { typingBehaviour } from './typing.behaviour';
import { windowBehaviour } from './window.behaviour';

describe('TmuxExecutor on a remote server (real sshd on 127.0.0.1, real tmux)', () => {
  let sshd: TestSshd;
  let tmux: TestTmuxServer;
  let executor: TmuxExecutor;
  let server: RemoteServerConfig;

  beforeAll(async () => {
    sshd = await startSshd();
    // The pane belongs to the user the hub logs in as, as Claude's tmux does on a real server.
    tmux = await startTmuxServer({ user: sshd.user });
    server = {
      id: 'kr4',
      type: 'remote',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user.name,
      keyPath: sshd.clientKey.privateKeyPath,
      knownHostsPath: sshd.knownHostsPath,
      tmuxSocket: { path: tmux.socketPath },
    };
    executor = new TmuxExecutor();
  });

  afterAll(async () => {
    await executor?.close();
    await tmux?.dispose();
    await sshd?.dispose();
  });

  describe('typing over SSH', () => {
    typingBehaviour(() => ({ executor, server, tmux }));
  });

  describe('files over SFTP', () => {
    /** Gives a path and everything below it to the sshd user, as if it had made them. */
    const own = (path: string): void => {
      lchownSync(path, sshd.user.uid, sshd.user.gid);
      if (lstatSync(path).isDirectory()) {
        for (const entry of readdirSync(path)) own(join(path, entry));
      }
    };
    filesBehaviour(() => ({
      executor,
      server,
      home: sshd.user.home,
      folder: (name) => {
        const path = join(sshd.user.home, name);
        mkdirSync(path, { mode: 0o755 });
        chmodSync(path, 0o755);
        own(path);
        return path;
      },
      own,
    }));

    it('moves files over the same SSH connection that types', async () => {
      const fresh = new TmuxExecutor();
      try {
        const before = sshd.acceptedLogins();
        await fresh.ping(server);
        const path = join(sshd.user.home, 'same-connection.txt');
        await fresh.writeFile(server, path, Buffer.from('one'), { maxBytes: 10 });
        await Promise.all([
          fresh.readFile(server, path, { maxBytes: 10 }),
          fresh.fileInfo(server, path),
          fresh.capturePane(server, (await tmux.startStandIn()).paneId, 5),
        ]);
        expect(sshd.acceptedLogins() - before).toBe(1);
      } finally {
        await fresh.close();
      }
    });

    it('says when the user may not write there, and writes nothing', async () => {
      await expect(
        executor.makeDirectory(server, '/root/ccr-inbox-not-allowed'),
      ).rejects.toMatchObject({ code: ExecutorErrorCode.FileAccessDenied, serverId: 'kr4' });
      await expect(
        executor.writeFile(server, '/etc/ccr-not-allowed.txt', Buffer.from('x'), { maxBytes: 1 }),
      ).rejects.toMatchObject({ code: ExecutorErrorCode.FileAccessDenied });
    });

    it('opens SFTP again on a new connection after the old one dropped', async () => {
      const path = join(sshd.user.home, 'after-drop.txt');
      await executor.writeFile(server, path, Buffer.from('before'), { maxBytes: 10 });
      await sshd.dropConnections();
      await waitFor(
        async () =>
          (await executor.readFile(server, path, { maxBytes: 10 }).catch(() => null))?.toString(),
        { what: 'a read over a new connection' },
      );
      expect((await executor.readFile(server, path, { maxBytes: 10 })).toString()).toBe('before');
    });

    it('says that sshd offers no SFTP, and how to turn it on', async () => {
      const bare = await startSshd({ sftp: false });
      const fresh = new TmuxExecutor();
      try {
        const noSftp: RemoteServerConfig = {
          ...server,
          port: bare.port,
          user: bare.user.name,
          keyPath: bare.clientKey.privateKeyPath,
          knownHostsPath: bare.knownHostsPath,
        };
        await expect(fresh.homeDir(noSftp)).rejects.toMatchObject({
          code: ExecutorErrorCode.FileFailed,
          message: expect.stringContaining('Subsystem sftp'),
        });
      } finally {
        await fresh.close();
        await bare.dispose();
      }
    });
  });

  describe('windows over SSH', () => {
    // The SSH user's own tmux server, which the first window starts.
    let windows: TestTmuxServer;
    let windowServer: RemoteServerConfig;
    beforeAll(async () => {
      windows = await startTmuxServer({ user: sshd.user });
      windowServer = { ...server, tmuxSocket: { path: windows.socketPath } };
    });
    afterAll(() => windows?.dispose());

    windowBehaviour(() => ({
      executor,
      server: windowServer,
      tmux: windows,
      home: sshd.user.home,
    }));

    it('names a folder the SSH user may not enter', async () => {
      const locked = join(windows.dir, 'locked');
      mkdirSync(locked, { mode: 0o700 });
      await expect(
        executor.openWindow(windowServer, {
          session: 'ccr-locked',
          folder: locked,
          command: ['sleep', '1'],
        }),
      ).rejects.toMatchObject({
        code: ExecutorErrorCode.FolderMissing,
        message: expect.stringContaining(
          `The folder ${locked} on server "kr4" (as ${sshd.user.name}@${sshd.host}) cannot be entered`,
        ),
      });
    });

    it('reports a missing tmux on the server once the folder and program are found', async () => {
      await expect(
        executor.openWindow(
          { ...windowServer, tmuxPath: '/nonexistent/tmux' },
          { session: 'ccr', folder: '~', command: ['sleep', '1'] },
        ),
      ).rejects.toMatchObject({ code: ExecutorErrorCode.TmuxMissing });
    });
  });

  describe('the connection', () => {
    it('opens one SSH connection for many commands, in sequence and at once', async () => {
      const fresh = new TmuxExecutor();
      try {
        const pane = await tmux.startStandIn();
        const before = sshd.acceptedLogins();
        for (let i = 0; i < 5; i += 1) await fresh.sendText(server, pane.paneId, `one by one ${i}`);
        await Promise.all([
          fresh.sendText(server, pane.paneId, 'at once\nfrom a paste'),
          fresh.capturePane(server, pane.paneId, 10),
          fresh.paneExists(server, pane.paneId),
          // More at once than sshd allows channels per connection (MaxSessions 10).
          ...Array.from({ length: 30 }, () => fresh.ping(server)),
        ]);
        await pane.waitForEvents(6);
        expect(sshd.acceptedLogins() - before).toBe(1);
      } finally {
        await fresh.close();
      }
    });

    it('reports a missing tmux on the server as TmuxMissing', async () => {
      const missing: RemoteServerConfig = { ...server, tmuxPath: 'tmux-not-installed-here' };
      await expect(executor.sendText(missing, '%0', 'hello')).rejects.toMatchObject({
        code: ExecutorErrorCode.TmuxMissing,
        serverId: 'kr4',
      });
      await expect(executor.ping(missing)).rejects.toMatchObject({
        code: ExecutorErrorCode.TmuxMissing,
      });
    });

    it('gives up on a command that hangs, then reconnects for the next one', async () => {
      const hung = join(tmux.dir, 'hung-tmux.sh');
      writeFileSync(hung, '#!/bin/sh\nexec sleep 60\n');
      chownSync(hung, sshd.user.uid, sshd.user.gid);
      chmodSync(hung, 0o755);
      // Far below the hung command's 60 s, far above what a healthy command takes on a busy
      // machine: 500 ms here once timed out the healthy 'before' under load.
      const quick = new TmuxExecutor({ commandTimeoutMs: 3_000 });
      try {
        const pane = await tmux.startStandIn();
        await quick.sendText(server, pane.paneId, 'before');
        const logins = sshd.acceptedLogins();
        await expect(
          quick.sendText({ ...server, tmuxPath: hung }, pane.paneId, 'never'),
        ).rejects.toMatchObject({
          code: ExecutorErrorCode.CommandTimeout,
          message: expect.stringContaining('"kr4"'),
        });
        await quick.sendText(server, pane.paneId, 'after');
        await pane.waitForEvents(2);
        expect(pane.submissions()).toEqual(['before', 'after']);
        expect(sshd.acceptedLogins()).toBe(logins + 1);
      } finally {
        await quick.close();
      }
    });

    it('reconnects without a word when the connection dropped between commands', async () => {
      const pane = await tmux.startStandIn();
      await executor.sendText(server, pane.paneId, 'before');
      const logins = sshd.acceptedLogins();
      await sshd.dropConnections();
      await executor.sendText(server, pane.paneId, 'after\nthe drop');
      await executor.sendText(server, pane.paneId, 'and again');
      await pane.waitForEvents(3);
      expect(pane.submissions()).toEqual(['before', 'after\nthe drop', 'and again']);
      expect(sshd.acceptedLogins()).toBe(logins + 1);
    });

    it('gives a bounded ConnectionRefused while sshd is down, and reconnects once it is back', async () => {
      // A connect timeout far beyond the test's own: the refusal must not wait for it.
      const patient = new TmuxExecutor({ connectTimeoutMs: 120_000 });
      try {
        const pane = await tmux.startStandIn();
        await patient.sendText(server, pane.paneId, 'before the drop');
        const logins = sshd.acceptedLogins();

        await sshd.stop();
        await expect(patient.sendText(server, pane.paneId, 'while down')).rejects.toMatchObject({
          code: ExecutorErrorCode.ConnectionRefused,
          message: expect.stringContaining(`127.0.0.1:${sshd.port}`),
        });
        await expect(patient.ping(server)).rejects.toMatchObject({
          code: ExecutorErrorCode.ConnectionRefused,
        });

        await sshd.start();
        await patient.sendText(server, pane.paneId, 'after the restart');
        await pane.waitForEvents(2);
        expect(pane.submissions()).toEqual(['before the drop', 'after the restart']);
        await waitFor(() => sshd.acceptedLogins() > logins, { what: 'the new login in sshd.log' });
        expect(sshd.acceptedLogins()).toBe(logins + 1);
      } finally {
        await patient.close();
        if (!sshd.running) await sshd.start();
      }
    });
  });
});
