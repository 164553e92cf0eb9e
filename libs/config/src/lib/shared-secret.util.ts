import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config.error';

export const SHARED_SECRET_FILE = 'shared-secret';

/**
 * Words that example files and set-up guides put where a secret belongs
 * (`REPLACE_WITH_SECURE_SECRET`, `your-secret-here`, `changeme`): a hub that signed with one
 * would be open to anyone who read the same guide.
 */
const PLACEHOLDER_SECRET = /^(replace[_-]?with|change[_-]?me|your[_-])|[_-]here$/i;

/**
 * What is wrong with a secret servers sign with, or undefined when it is fit: the one rule for
 * SHARED_SECRET, `central.sharedSecret` and a server's own `secret` in servers.json.
 */
export function secretProblem(value: string): string | undefined {
  if (PLACEHOLDER_SECRET.test(value)) {
    return 'is a placeholder: put a secret of your own here (openssl rand -hex 32 makes one)';
  }
  if (value.length < 16) return 'must be at least 16 characters (openssl rand -hex 32 makes one)';
  if (value.length > 1024) return 'must be at most 1024 characters';
  return undefined;
}

export interface SharedSecret {
  value: string;
  source: 'env' | 'file' | 'generated';
  /** The file it was read from or written to. */
  path?: string;
}

/**
 * The hub-wide secret: SHARED_SECRET when set, else the one kept in the data folder, else a
 * new one written there readable by its owner only. Both hub apps may start at once, so the
 * file appears whole in one step (a hard link of a finished temporary file, which fails if it
 * exists) and a loser of that race reads the winner's secret.
 */
export function resolveSharedSecret(fromEnv: string | undefined, dataDir: string): SharedSecret {
  if (fromEnv) return { value: fromEnv, source: 'env' };
  const path = join(dataDir, SHARED_SECRET_FILE);
  const read = (): SharedSecret | undefined => {
    try {
      const value = readFileSync(path, 'utf8').trim();
      const problem = secretProblem(value);
      if (problem)
        throw new ConfigError(path, `${problem}; delete the file and the hub makes a new one`);
      return { value, source: 'file', path };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  };
  const existing = read();
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('hex');
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${value}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    const winner = (error as NodeJS.ErrnoException).code === 'EEXIST' ? read() : undefined;
    if (winner) return winner;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
  return { value, source: 'generated', path };
}
