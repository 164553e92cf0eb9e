import { execFile } from 'node:child_process';
import { dirname } from 'node:path';

/** `r`: read the file; `x`: run it (or enter the folder). */
export type AccessKind = 'r' | 'x';

function testAs(user: string, flag: '-r' | '-x', path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('runuser', ['-u', user, '--', 'test', flag, path], { timeout: 10_000 }, (error) =>
      resolve(!error),
    );
  });
}

/**
 * Checks, as `user`, that `path` can be read or run, and when not, names what stands in the
 * way: the first folder on the path the user may not enter, or the file's own mode. A test
 * user runs the workspace's files (Claude Code's binary, the built CLI) from where they are.
 */
export async function assertUserCanUse(
  user: string,
  path: string,
  kind: AccessKind,
): Promise<void> {
  if (await testAs(user, kind === 'r' ? '-r' : '-x', path)) return;
  const folders: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    folders.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const folder of folders) {
    if (!(await testAs(user, '-x', folder))) {
      throw new Error(
        `the test user ${user} cannot reach ${path}: it may not enter ${folder} (give others search permission: chmod o+x ${folder})`,
      );
    }
  }
  throw new Error(
    `the test user ${user} cannot ${kind === 'r' ? 'read' : 'run'} ${path} (chmod o+${kind} ${path})`,
  );
}
