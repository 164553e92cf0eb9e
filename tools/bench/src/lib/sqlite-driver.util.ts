import type { DataSourceOptions } from 'typeorm';

/** The SQLite drivers TypeORM runs on that work on Node 20: the product's, and the candidate. */
export const SQLITE_DRIVERS = ['sqlite3', 'better-sqlite3'] as const;
export type SqliteDriver = (typeof SQLITE_DRIVERS)[number];

/**
 * The product's options for a SQLite file (`dataSourceOptions`) with only the driver swapped:
 * the same entities, migrations and busy timeout (better-sqlite3 calls it `timeout`), without
 * the sqlite3 module the product hands TypeORM. Anything else passes through unchanged.
 */
export function withSqliteDriver(
  options: DataSourceOptions,
  driver: SqliteDriver,
): DataSourceOptions {
  if (driver === 'sqlite3' || options.type !== 'sqlite') return options;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the sqlite3 module stays behind
  const { type, driver: sqlite3Module, busyTimeout, ...rest } = options;
  return { ...rest, type: 'better-sqlite3', timeout: busyTimeout };
}
