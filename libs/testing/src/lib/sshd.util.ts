import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.util';
import { readGreeting } from './loopback-port.util';
import { waitFor } from './wait-for.util';
import { descendantPids, isAlive, killPids } from './process-tree.util';
import { removeDir } from './temp-dir.util';
import { assertRoot, createTestUser, type TestUser } from './test-user.util';

const run = promisify(execFile);

export const SSHD_PATH = '/usr/sbin/sshd';

export type SshKeyType = 'ed25519' | 'ecdsa' | 'rsa';

export interface SshKeyPair {
  type: SshKeyType;
  privateKeyPath: string;
  /** `ssh-ed25519 AAAA… comment`, as in a .pub file. */
  publicKeyLine: string;
  /** The key type and base64 blob: `ssh-ed25519 AAAA…`. */
  publicKey: string;
}

export interface SshdOptions {
  /** Login shell of the throwaway user. Default /bin/bash. */
  shell?: string;
  /** Host keys to generate, in the order sshd gets them. Default ['ed25519']. */
  hostKeyTypes?: SshKeyType[];
  /** Serve SFTP (`Subsystem sftp internal-sftp`), as a stock sshd does. Default true. */
  sftp?: boolean;
}

export interface TestSshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The throwaway user the client key logs in as. */
  readonly user: TestUser;
  /** The temporary folder holding config, keys, log and pid file. */
  readonly dir: string;
  /** The client's private key, accepted for `user`. */
  readonly clientKey: SshKeyPair;
  readonly hostKeys: readonly SshKeyPair[];
  /** A known_hosts file listing every host key under `[127.0.0.1]:port`. */
  readonly knownHostsPath: string;
  readonly logPath: string;
  readonly running: boolean;
  /** sshd's log so far. */
  log(): string;
  /** Successful logins so far: one per SSH connection that authenticated. */
  acceptedLogins(): number;
  /** A known_hosts line for a key under this server's `[127.0.0.1]:port` name. */
  knownHostsLine(key: Pick<SshKeyPair, 'publicKey'>): string;
  /** A fresh key pair in the temporary folder (not authorized anywhere). */
  newKeyPair(name: string, type?: SshKeyType): Promise<SshKeyPair>;
  /** Kills every session sshd serves but not sshd itself: clients see their connections drop. */
  dropConnections(): Promise<void>;
  /** Kills sshd and every session it serves, so that clients see their connections drop. */
  stop(): Promise<void>;
  /** Starts sshd again on the same port with the same keys. */
  start(): Promise<void>;
  /** Stops sshd, deletes the user and the temporary folder. */
  dispose(): Promise<void>;
}

async function generateKey(path: string, type: SshKeyType, comment: string): Promise<SshKeyPair> {
  const args = ['-q', '-t', type, '-N', '', '-C', comment, '-f', path];
  if (type === 'rsa') args.push('-b', '3072');
  await run('ssh-keygen', args);
  const publicKeyLine = readFileSync(`${path}.pub`, 'utf8').trim();
  const publicKey = publicKeyLine.split(/\s+/).slice(0, 2).join(' ');
  return { type, privateKeyPath: path, publicKeyLine, publicKey };
}

function sshdConfig(c: {
  port: number;
  dir: string;
  user: string;
  hostKeys: readonly SshKeyPair[];
  sftp: boolean;
}): string {
  return [
    `Port ${c.port}`,
    'ListenAddress 127.0.0.1',
    ...c.hostKeys.map((key) => `HostKey ${key.privateKeyPath}`),
    `PidFile ${join(c.dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(c.dir, 'authorized_keys')}`,
    `AllowUsers ${c.user}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin no',
    'UsePAM no',
    // The temporary folder is root's; the user only needs to read authorized_keys in it.
    'StrictModes no',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'PrintMotd no',
    'PrintLastLog no',
    'MaxStartups 50',
    // internal-sftp needs no helper binary at a distribution's own path.
    ...(c.sftp ? ['Subsystem sftp internal-sftp'] : []),
    // VERBOSE logs each connection and each accepted key, which tests count.
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

/**
 * Starts a real OpenSSH sshd on a free 127.0.0.1 port, in a temporary folder, with generated
 * host and client keys and a throwaway user that the client key logs in as. Needs root.
 */
export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  assertRoot('startSshd');
  if (!existsSync(SSHD_PATH)) {
    throw new Error(`${SSHD_PATH} is missing: run tools/scripts/ensure-test-packages.sh`);
  }
  // sshd's privilege separation needs it; the Debian service would create it at boot.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  const dir = mkdtempSync(join(tmpdir(), 'ccr-sshd-'));
  chmodSync(dir, 0o755);
  let user: TestUser | undefined;
  let child: ChildProcess | undefined;
  let stderr = '';

  const cleanup = async (): Promise<void> => {
    await stopProcess().catch(() => undefined);
    await user?.remove().catch(() => undefined);
    await removeDir(dir);
  };

  async function stopProcess(): Promise<void> {
    const master = child;
    if (!master?.pid) return;
    child = undefined;
    // Freeze the whole tree first, so that nothing forks away (or gets reparented to init)
    // between finding the processes and killing them.
    const frozen = new Set<number>([master.pid]);
    killPids([master.pid], 'SIGSTOP');
    for (;;) {
      const found = [master.pid, ...descendantPids(master.pid)].filter((pid) => !frozen.has(pid));
      if (found.length === 0) break;
      killPids(found, 'SIGSTOP');
      found.forEach((pid) => frozen.add(pid));
    }
    const exited = new Promise<void>((resolve) => {
      if (master.exitCode !== null || master.signalCode !== null) resolve();
      else master.once('exit', () => resolve());
    });
    killPids([...frozen], 'SIGKILL');
    await exited;
    await waitFor(() => [...frozen].every((pid) => !isAlive(pid)), {
      timeoutMs: 5_000,
      what: 'sshd and its sessions to end',
    });
  }

  try {
    user = await createTestUser({ shell: options.shell });
    const port = await freePort();
    const hostKeys: SshKeyPair[] = [];
    for (const type of options.hostKeyTypes ?? ['ed25519']) {
      hostKeys.push(await generateKey(join(dir, `ssh_host_${type}_key`), type, `host-${type}`));
    }
    const clientKey = await generateKey(join(dir, 'client_key'), 'ed25519', 'ccr-test-client');
    writeFileSync(join(dir, 'authorized_keys'), `${clientKey.publicKeyLine}\n`, { mode: 0o644 });

    const configPath = join(dir, 'sshd_config');
    writeFileSync(
      configPath,
      sshdConfig({ port, dir, user: user.name, hostKeys, sftp: options.sftp ?? true }),
    );
    await run(SSHD_PATH, ['-t', '-f', configPath]).catch((error: { stderr?: string }) => {
      throw new Error(`sshd -t rejected the test config: ${error.stderr ?? String(error)}`);
    });

    const knownHostsLine = (key: Pick<SshKeyPair, 'publicKey'>): string =>
      `[127.0.0.1]:${port} ${key.publicKey}`;
    const knownHostsPath = join(dir, 'known_hosts');
    writeFileSync(knownHostsPath, hostKeys.map((key) => `${knownHostsLine(key)}\n`).join(''));
    const logPath = join(dir, 'sshd.log');
    writeFileSync(logPath, '');

    const start = async (): Promise<void> => {
      if (child) return;
      stderr = '';
      const started = spawn(SSHD_PATH, ['-D', '-f', configPath, '-E', logPath], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child = started;
      started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await waitFor(
        async () => {
          if (started.exitCode !== null || started.signalCode !== null) {
            throw new Error(
              `sshd exited at start (${started.exitCode ?? started.signalCode}): ${stderr} ` +
                readFileSync(logPath, 'utf8').slice(-2_000),
            );
          }
          return (await readGreeting(port))?.startsWith('SSH-') === true;
        },
        { timeoutMs: 10_000, what: `sshd to greet on 127.0.0.1:${port}` },
      );
    };
    await start();

    const testUser = user;
    const log = (): string => readFileSync(logPath, 'utf8');
    return {
      host: '127.0.0.1',
      port,
      user: testUser,
      dir,
      clientKey,
      hostKeys,
      knownHostsPath,
      logPath,
      get running() {
        return child !== undefined;
      },
      log,
      acceptedLogins: () =>
        log()
          .split('\n')
          .filter((line) => line.includes('Accepted publickey for')).length,
      knownHostsLine,
      newKeyPair: (name, type = 'ed25519') => generateKey(join(dir, name), type, name),
      dropConnections: async () => {
        const master = child?.pid;
        if (master === undefined) return;
        const sessions = descendantPids(master);
        killPids(sessions, 'SIGKILL');
        await waitFor(() => sessions.every((pid) => !isAlive(pid)), {
          timeoutMs: 5_000,
          what: 'the sshd sessions to end',
        });
      },
      stop: stopProcess,
      start,
      dispose: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
