import { posix } from 'node:path';

/** Where a /get path may lead: the session's working folder and the server's inbox. */
export interface GetPlaces {
  /** The session's working folder, as its hook reported it; null when it reported none. */
  cwd: string | null;
  /** The (SSH) user's home folder on the server, for `~/`. */
  home: string;
}

/**
 * The absolute path a /get asks for: as given when absolute, in the home folder for `~` and
 * `~/…`, else in the session's working folder (undefined when the session reported none).
 * `.` and `..` are resolved here as text; links are the server's to resolve.
 */
export function requestedPath(raw: string, places: GetPlaces): string | undefined {
  if (raw === '~' || raw.startsWith('~/')) return posix.resolve(places.home, `.${raw.slice(1)}`);
  if (raw.startsWith('/')) return posix.resolve(raw);
  if (places.cwd === null || !places.cwd.startsWith('/')) return undefined;
  return posix.resolve(places.cwd, raw);
}

/** Whether `path` is `folder` or lies below it (both absolute, resolved). */
export function isWithin(path: string, folder: string): boolean {
  if (folder === '/') return true;
  return path === folder || path.startsWith(`${folder}/`);
}

/** `~/.cache/ccr/inbox` with the user's home put in, as an absolute path. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  return path.startsWith('~/') ? posix.join(home, path.slice(2)) : path;
}
