import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The PostgreSQL server of this test run: `npm test` starts one for the whole run, a jest run
 * without it starts its own (tools/scripts/postgres.global-setup.cjs); either way its URL is
 * in CCR_TEST_POSTGRES_URL, as the server's superuser.
 */
export function testPostgresUrl(): string {
  const url = process.env['CCR_TEST_POSTGRES_URL'];
  if (!url) {
    throw new Error(
      'CCR_TEST_POSTGRES_URL is not set: run the tests through their jest config, whose global setup starts PostgreSQL',
    );
  }
  return url;
}

/** Runs `work` on a connection of its own to `url`, closed afterwards. */
export async function withPostgres<T>(
  url: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `url` with another database, and optionally the schema its tables go in. */
export function postgresUrlFor(url: string, database: string, schema?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (schema) parsed.searchParams.set('options', `-c search_path=${schema}`);
  else parsed.searchParams.delete('options');
  return parsed.toString();
}

/** A new, empty database in the run's server; `drop` removes it, whoever is still connected. */
export async function createTestPostgresDatabase(
  prefix = 'ccr_test',
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const admin = testPostgresUrl();
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withPostgres(admin, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: postgresUrlFor(admin, name),
    drop: async () => {
      await withPostgres(admin, (client) =>
        client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}

/** The database engine a test run puts the hub on. */
export type TestEngine = 'sqlite' | 'postgres';

/**
 * The engine of this test run: CCR_TEST_ENGINE, which the jest configs set per run (the e2e
 * suites' `postgres` configuration, the data-access specs' second project); SQLite otherwise.
 */
export function testEngine(): TestEngine {
  const engine = process.env['CCR_TEST_ENGINE'] ?? 'sqlite';
  if (engine !== 'sqlite' && engine !== 'postgres') {
    throw new Error(`CCR_TEST_ENGINE is "${engine}": expected sqlite or postgres`);
  }
  return engine;
}

/** A hub database for one test stack, on one engine. */
export interface TestDatabase {
  engine: TestEngine;
  /** Where it is, as @ccr/session-data-access's openDatabase() takes it. */
  location: { path: string } | { url: string };
  /** What puts both hub apps on it: DATABASE_PATH or DATABASE_URL. */
  env: { DATABASE_PATH: string } | { DATABASE_URL: string };
  /** Drops a PostgreSQL database (whoever is still connected); a SQLite file goes with its folder. */
  drop: () => Promise<void>;
}

/**
 * The hub database of one test stack on `engine` (the run's unless given): the SQLite file at
 * `sqlitePath`, or a new database in the run's PostgreSQL server.
 */
export async function createTestDatabase(
  sqlitePath: string,
  engine: TestEngine = testEngine(),
): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    return {
      engine,
      location: { path: sqlitePath },
      env: { DATABASE_PATH: sqlitePath },
      drop: () => Promise.resolve(),
    };
  }
  const database = await createTestPostgresDatabase();
  return {
    engine,
    location: { url: database.url },
    env: { DATABASE_URL: database.url },
    drop: database.drop,
  };
}
