import { homedir } from 'node:os';
import { join } from 'node:path';

/** `~` and `~/…` mean the hub user's home folder, as in an SSH config; `~user` is not supported. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}
