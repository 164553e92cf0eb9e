import { isAbsolute, relative, resolve } from 'node:path';

/** A path as the user knows it: relative to the checkout when inside it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const inside = relative(cwd, absolute);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : absolute;
}
