import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  freePort,
  startSilentTcpServer,
  startSshd,
  type SilentTcpServer,
  type TestSshd,
} from '@ccr/testing';
import { ExecutorErrorCode, fingerprintOf, TmuxExecutor, type RemoteServerConfig } from '../src';

describe('SSH connections that cannot be made (real sshd on 127.0.0.1)', () => {
  let sshd: TestSshd;
  let executor: TmuxExecutor;
  let base: RemoteServerConfig;
  let serial = 0;

  /** A server entry of its own, so that no connection is shared between tests. */
  function server(change: Partial<RemoteServerConfig> = {}): RemoteServerConfig {
    serial += 1;
    return { ...base, id: `srv${serial}`, ...change };
  }

  function knownHosts(name: string, lines: string[]): string {
    const path = join(sshd.dir, name);
    writeFileSync(path, lines.map((line) => `${line}\n`).join(''));
    return path;
  }

  beforeAll(async () => {
    // Two host keys, so that the key the client asks for matters.
    sshd = await startSshd({ hostKeyTypes: ['ed25519', 'ecdsa'] });
    base = {
      id: 'base',
      type: 'remote',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user.name,
      keyPath: sshd.clientKey.privateKeyPath,
      knownHostsPath: sshd.knownHostsPath,
    };
    // Long timeouts: a failure that waited for one would run into the test's own timeout.
    executor = new TmuxExecutor({ connectTimeoutMs: 120_000 });
  });

  afterAll(async () => {
    await executor?.close();
    await sshd?.dispose();
  });

  it('connects with the host key listed in known_hosts', async () => {
    await expect(executor.ping(server())).resolves.toEqual(expect.any(Number));
  });

  it('asks for the host key type known_hosts lists, when the server has several', async () => {
    const [ed25519, ecdsa] = sshd.hostKeys;
    const onlyEcdsa = knownHosts('kh-ecdsa', [sshd.knownHostsLine(ecdsa!)]);
    const onlyEd25519 = knownHosts('kh-ed25519', [sshd.knownHostsLine(ed25519!)]);
    await expect(executor.ping(server({ knownHostsPath: onlyEcdsa }))).resolves.toEqual(
      expect.any(Number),
    );
    await expect(executor.ping(server({ knownHostsPath: onlyEd25519 }))).resolves.toEqual(
      expect.any(Number),
    );
  });

  it('reads hashed known_hosts entries', async () => {
    const hashed = join(sshd.dir, 'kh-hashed');
    copyFileSync(sshd.knownHostsPath, hashed);
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    await expect(executor.ping(server({ knownHostsPath: hashed }))).resolves.toEqual(
      expect.any(Number),
    );
  });

  it('expands ~ in keyPath', async () => {
    const home = new TmuxExecutor({ homeDir: sshd.dir, connectTimeoutMs: 120_000 });
    try {
      await expect(home.ping(server({ keyPath: '~/client_key' }))).resolves.toEqual(
        expect.any(Number),
      );
    } finally {
      await home.close();
    }
  });

  it('refuses a server whose key differs from known_hosts: HostKeyMismatch', async () => {
    const impostor = await sshd.newKeyPair('impostor_host_key');
    const wrong = knownHosts(
      'kh-wrong',
      sshd.hostKeys.map(() => sshd.knownHostsLine(impostor)),
    );
    const error = await executor.ping(server({ knownHostsPath: wrong })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ExecutorErrorCode.HostKeyMismatch });
    const message = (error as Error).message;
    expect(message).toContain(`127.0.0.1:${sshd.port}`);
    expect(message).toContain(wrong);
    // The key it was shown, so that a person can compare it with the server's own.
    const presented = sshd.hostKeys.map((key) =>
      fingerprintOf(Buffer.from(key.publicKey.split(' ')[1]!, 'base64')),
    );
    expect(presented.some((fingerprint) => message.includes(fingerprint))).toBe(true);
  });

  it('refuses a server known_hosts does not list: HostKeyUnknown', async () => {
    const [ed25519] = sshd.hostKeys;
    const others = knownHosts('kh-others', [
      `[127.0.0.1]:${sshd.port + 1} ${ed25519!.publicKey}`,
      `127.0.0.1 ${ed25519!.publicKey}`,
      `otherhost ${ed25519!.publicKey}`,
    ]);
    await expect(executor.ping(server({ knownHostsPath: others }))).rejects.toMatchObject({
      code: ExecutorErrorCode.HostKeyUnknown,
      message: expect.stringContaining(`ssh -p ${sshd.port} ${sshd.user.name}@127.0.0.1`),
    });
  });

  it('calls a missing known_hosts file HostKeyUnknown and says the file is missing', async () => {
    await expect(
      executor.ping(server({ knownHostsPath: join(sshd.dir, 'no-such-file') })),
    ).rejects.toMatchObject({
      code: ExecutorErrorCode.HostKeyUnknown,
      message: expect.stringContaining('(the file does not exist)'),
    });
  });

  it('connects to an unknown or changed host when the server entry turns checking off', async () => {
    const impostor = await sshd.newKeyPair('impostor2_host_key');
    const wrong = knownHosts('kh-wrong2', [sshd.knownHostsLine(impostor)]);
    const empty = knownHosts('kh-empty', []);
    for (const knownHostsPath of [wrong, empty]) {
      await expect(
        executor.ping(server({ knownHostsPath, strictHostKeyChecking: false })),
      ).resolves.toEqual(expect.any(Number));
    }
  });

  it('reports a key the server does not accept as AuthFailed', async () => {
    const stranger = await sshd.newKeyPair('stranger_key');
    await expect(executor.ping(server({ keyPath: stranger.privateKeyPath }))).rejects.toMatchObject(
      {
        code: ExecutorErrorCode.AuthFailed,
        message: expect.stringContaining(stranger.privateKeyPath),
      },
    );
  });

  it('reports a wrong user as AuthFailed', async () => {
    await expect(executor.ping(server({ user: 'nobody' }))).rejects.toMatchObject({
      code: ExecutorErrorCode.AuthFailed,
      message: expect.stringContaining('"nobody"'),
    });
  });

  it('reports an unreadable key file as AuthFailed naming the path', async () => {
    const missing = join(sshd.dir, 'no-such-key');
    await expect(executor.ping(server({ keyPath: missing }))).rejects.toMatchObject({
      code: ExecutorErrorCode.AuthFailed,
      message: expect.stringContaining(`${missing} for server`),
    });
    const notAKey = knownHosts('not-a-key', ['this is not a private key']);
    await expect(executor.ping(server({ keyPath: notAKey }))).rejects.toMatchObject({
      code: ExecutorErrorCode.AuthFailed,
    });
  });

  it('reports a port where nothing listens as ConnectionRefused, without waiting for a timeout', async () => {
    const closedPort = await freePort();
    await expect(
      executor.ping(server({ port: closedPort, strictHostKeyChecking: false })),
    ).rejects.toMatchObject({
      code: ExecutorErrorCode.ConnectionRefused,
      message: expect.stringContaining(`127.0.0.1:${closedPort}`),
    });
  });

  it('gives up on a server that accepts and never speaks: ConnectTimeout', async () => {
    let silent: SilentTcpServer | undefined;
    const quick = new TmuxExecutor({ connectTimeoutMs: 500 });
    try {
      silent = await startSilentTcpServer();
      await expect(quick.ping(server({ port: silent.port }))).rejects.toMatchObject({
        code: ExecutorErrorCode.ConnectTimeout,
        message: expect.stringContaining('500 ms'),
      });
      expect(silent.accepted).toBe(1);
    } finally {
      await quick.close();
      await silent?.close();
    }
  });

  it('connects normally after all those failures', async () => {
    await expect(executor.ping(server())).resolves.toEqual(expect.any(Number));
  });
});
