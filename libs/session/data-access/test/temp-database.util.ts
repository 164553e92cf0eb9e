import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPostgresDatabase, postgresUrlFor, testEngine, withPostgres } from '@ccr/testing';
import type { DataSource } from 'typeorm';
import { type DatabaseLocation, openDatabase, runSql } from '../src/index';

export const HOUR = 3_600_000;

/** A clock the test moves by hand. */
export class FakeClock {
  private ms: number;

  constructor(start: string | number = '2026-01-01T00:00:00.000Z') {
    this.ms = typeof start === 'number' ? start : Date.parse(start);
  }

  readonly now = (): Date => new Date(this.ms);

  advance(ms: number): void {
    this.ms += ms;
  }
}

/** The engine this run of the specs is on: the jest config runs every spec file once per engine. */
export { testEngine };

/**
 * One PostgreSQL database per spec file, made on first use in the run's server and dropped
 * when the file is done; each TempDatabases name gets a schema of its own in it, which is much
 * quicker to make than a database.
 */
let suiteDatabase: ReturnType<typeof createTestPostgresDatabase> | undefined;

if (testEngine() === 'postgres') {
  // Registered when a spec file imports this, so it runs once, after the file's last test.
  afterAll(async () => {
    if (suiteDatabase) await (await suiteDatabase).drop();
  });
}

async function suiteDatabaseUrl(): Promise<string> {
  suiteDatabase ??= createTestPostgresDatabase();
  return (await suiteDatabase).url;
}

/**
 * Fresh databases for a test on the run's engine: SQLite files in a temp folder, or PostgreSQL
 * schemas; the same name is the same database. `cleanup` closes every DataSource it opened and
 * removes what it made.
 */
export class TempDatabases {
  readonly engine = testEngine();
  private dir: string | undefined;
  private readonly prefix = `s_${randomBytes(4).toString('hex')}`;
  private readonly schemas = new Set<string>();
  private readonly opened: DataSource[] = [];

  async folder(): Promise<string> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'ccr-session-'));
    return this.dir;
  }

  /** Where the database of this name is (made when first opened). */
  async location(name = 'sessions'): Promise<DatabaseLocation> {
    if (this.engine === 'sqlite') return { path: join(await this.folder(), `${name}.db`) };
    const schema = `${this.prefix}_${name.replace(/[^a-z0-9_]/gi, '_')}`.toLowerCase();
    const suite = await suiteDatabaseUrl();
    if (!this.schemas.has(schema)) {
      await withPostgres(suite, (client) => client.query(`CREATE SCHEMA "${schema}"`));
      this.schemas.add(schema);
    }
    return { url: postgresUrlFor(suite, new URL(suite).pathname.slice(1), schema) };
  }

  async open(location?: DatabaseLocation): Promise<DataSource> {
    const dataSource = await openDatabase(location ?? (await this.location()));
    this.track(dataSource);
    return dataSource;
  }

  track(dataSource: DataSource): DataSource {
    this.opened.push(dataSource);
    return dataSource;
  }

  async cleanup(): Promise<void> {
    for (const dataSource of this.opened.splice(0)) {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    if (this.schemas.size > 0) {
      const suite = await suiteDatabaseUrl();
      const schemas = [...this.schemas];
      this.schemas.clear();
      await withPostgres(suite, async (client) => {
        for (const schema of schemas) await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      });
    }
  }
}

/** Columns whose raw value differs by driver: times (`bigint`, a string on PostgreSQL) and flags. */
const TIME_COLUMN = /(_at|^until|^state_since)$/;
const FLAG_COLUMNS = new Set(['silent']);

/**
 * Rows of a raw query (named parameters, `:id`), with times as numbers and flags as booleans
 * whichever engine answered, so that a spec compares them once for both.
 */
export async function rowsOf(
  dataSource: DataSource,
  sql: string,
  parameters: Record<string, unknown> = {},
): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = await runSql(dataSource.manager, sql, parameters);
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([column, value]) => [
        column,
        value === null
          ? null
          : TIME_COLUMN.test(column)
            ? Number(value)
            : FLAG_COLUMNS.has(column)
              ? Boolean(value)
              : value,
      ]),
    ),
  );
}
