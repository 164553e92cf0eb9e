import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { isAlive, killPids, pidsOfUid } from './process-tree.util';
import { waitFor } from './wait-for.util';

const run = promisify(execFile);

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  /** Kills the user's processes (by pid) and deletes the user with its home folder. */
  remove(): Promise<void>;
}

export function assertRoot(what: string): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`${what} needs root (it creates a throwaway user); run the tests as root`);
  }
}

/**
 * A throwaway login user for a test's sshd: a home folder, the given shell, and an unlocked
 * account without a password (`usermod -p '*'`: sshd refuses locked accounts even for keys).
 */
export async function createTestUser(
  options: { prefix?: string; shell?: string } = {},
): Promise<TestUser> {
  assertRoot('createTestUser');
  const name = `${options.prefix ?? 'ccrt'}${randomBytes(4).toString('hex')}`;
  await run('useradd', ['-m', '-s', options.shell ?? '/bin/bash', name]);
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    // Processes left behind (a tmux server, a session) would make userdel refuse.
    const pids = pidsOfUid(uid);
    killPids(pids, 'SIGKILL');
    await waitFor(() => pids.every((pid) => !isAlive(pid)), {
      timeoutMs: 5_000,
      what: `processes of ${name} to end`,
    });
    await run('userdel', ['-r', '-f', name]).catch(async (error: unknown) => {
      // userdel warns (exit 12) when the mail spool is absent; the user is gone all the same.
      const stillThere = await run('id', ['-u', name]).then(
        () => true,
        () => false,
      );
      if (stillThere) throw error;
    });
  };
  try {
    await run('usermod', ['-p', '*', name]);
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    const home = (await run('getent', ['passwd', name])).stdout.split(':')[5] ?? `/home/${name}`;
    return { name, uid, gid, home, remove };
  } catch (error) {
    await remove().catch(() => undefined);
    throw error;
  }
}
