import { postgresUrlFor, withPostgres, workspaceRoot } from '@ccr/testing';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchPostgres {
  /** The server's superuser URL. */
  url: string;
  /** A new, empty database on this server. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

const SCRIPTS = join(workspaceRoot, 'tools/scripts');

/**
 * A throwaway PostgreSQL server on loopback, as the tests start it (test-postgres.sh: Debian's
 * postgresql, fsync and synchronous_commit off), after ensure-test-packages.sh has installed it
 * when missing; or why it cannot be had, and the bench then leaves out the
 * PostgreSQL figures instead of failing.
 */
export function startBenchPostgres(): { postgres: BenchPostgres } | { unavailable: string } {
  const ensured = spawnSync('bash', [join(SCRIPTS, 'ensure-test-packages.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (ensured.status !== 0) {
    return { unavailable: `PostgreSQL could not be installed: ${lastLine(ensured.stderr)}` };
  }
  // Not under the bench's own temporary folder: the server runs as the postgres user, which
  // must be able to reach its folder, and test-postgres.sh creates it with that owner.
  const dir = join(tmpdir(), `ccr-bench-postgres-${process.pid}-${randomBytes(4).toString('hex')}`);
  const started = spawnSync('bash', [join(SCRIPTS, 'test-postgres.sh'), 'start', dir], {
    encoding: 'utf8',
  });
  if (started.status !== 0) {
    return { unavailable: `PostgreSQL did not start: ${lastLine(started.stderr)}` };
  }
  const url = started.stdout.trim();
  return {
    postgres: {
      url,
      createDatabase: async (name) => {
        await withPostgres(url, (client) => client.query(`CREATE DATABASE "${name}"`));
        return postgresUrlFor(url, name);
      },
      stop: () => {
        spawnSync('bash', [join(SCRIPTS, 'test-postgres.sh'), 'stop', dir], { stdio: 'ignore' });
      },
    },
  };
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? 'no message';
}
