import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/**
 * Reads `KEY=value` lines from a `.env` file into the environment, when the file exists.
 * Variables already set win, so the shell (or a process manager) can override the file.
 * Returns the names it set.
 */
export function loadDotEnv(path: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(path)) return [];
  const values = parseEnv(readFileSync(path, 'utf8'));
  const set: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (env[key] !== undefined || value === undefined) continue;
    env[key] = value;
    set.push(key);
  }
  return set;
}
