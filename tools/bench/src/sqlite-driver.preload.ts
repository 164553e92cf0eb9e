/**
 * Preloaded into a built hub-api (`node --require`) by the bench's startHub for the SQLite
 * driver comparison: every SQLite DataSource the hub builds from the product's options gets
 * better-sqlite3 in place of sqlite3, and nothing else changes. The product has no switch for
 * this: TypeORM's DriverFactory is where a DataSource's options become a driver, so the swap
 * happens there, just before.
 */
import type { DataSource, DataSourceOptions } from 'typeorm';
import { DriverFactory } from 'typeorm/driver/DriverFactory';
import { withSqliteDriver } from './lib/sqlite-driver.util';

const create = DriverFactory.prototype.create;
DriverFactory.prototype.create = function createWithBetterSqlite3(connection: DataSource) {
  (connection as { options: DataSourceOptions }).options = withSqliteDriver(
    connection.options,
    'better-sqlite3',
  );
  return create.call(this, connection);
};
