import 'reflect-metadata';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { Initial1795510882510 } from '../migrations/1795510882510-initial.migration';
import { ProcessedUpdates1795600000000 } from '../migrations/1795600000000-processed-updates.migration';
import { PermissionRequests1795700000000 } from '../migrations/1795700000000-permission-requests.migration';
import { QuietDelivery1795800000000 } from '../migrations/1795800000000-quiet-delivery.migration';
import { SessionState1795900000000 } from '../migrations/1795900000000-session-state.migration';
import { Launches1795910000000 } from '../migrations/1795910000000-launches.migration';
import { RequestAnswers1796100000000 } from '../migrations/1796100000000-request-answers.migration';
import { ChatSettingsEntity } from './entities/chat-settings.entity';
import { LaunchEntity } from './entities/launch.entity';
import { MuteEntity } from './entities/mute.entity';
import { NotificationEntity } from './entities/notification.entity';
import { OutboxEntity } from './entities/outbox.entity';
import { PermissionRequestEntity } from './entities/permission-request.entity';
import { ProcessedUpdateEntity } from './entities/processed-update.entity';
import { QuestionAnswerEntity } from './entities/question-answer.entity';
import { ServerCounterEntity } from './entities/server-counter.entity';
import { SessionEntity } from './entities/session.entity';
import { runWriteTransaction } from './write-transaction.util';

export const SESSION_ENTITIES = [
  ServerCounterEntity,
  SessionEntity,
  NotificationEntity,
  OutboxEntity,
  ProcessedUpdateEntity,
  PermissionRequestEntity,
  ChatSettingsEntity,
  MuteEntity,
  LaunchEntity,
  QuestionAnswerEntity,
] as const;

/** Listed one by one: the apps are bundled, so a glob would find nothing at run time. */
export const SESSION_MIGRATIONS = [
  Initial1795510882510,
  ProcessedUpdates1795600000000,
  PermissionRequests1795700000000,
  QuietDelivery1795800000000,
  SessionState1795900000000,
  Launches1795910000000,
  RequestAnswers1796100000000,
] as const;

/** How long a connection waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenDatabaseOptions {
  path: string;
  logging?: boolean;
}

/*
 * TypeORM turns on sqlite3's verbose mode, which captures a stack trace and formats every
 * argument of every statement: a third of the hub's CPU under load. Errors still carry the
 * SQL and the code; only the extra call-site trace is gone.
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, {
  verbose: () => sqlite3,
});

/**
 * The options openDatabase opens the file with: the entities and every migration, listed, and
 * schema changes only by migration. The ops CLI (`tools/scripts`) reads an existing file with
 * them, without migrating it; tests build a database at an older migration from them.
 */
export function dataSourceOptions(
  path: string,
  options: { logging?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'sqlite',
    database: path,
    entities: [...SESSION_ENTITIES],
    migrations: [...SESSION_MIGRATIONS],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    busyTimeout: BUSY_TIMEOUT_MS,
    logging: options.logging ?? false,
    driver: quietSqlite3,
  };
}

function isBusy(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY';
}

/**
 * SQLite answers a journal-mode change with SQLITE_BUSY at once, without its busy handler,
 * while another connection opens the same new file (seen with both hub apps starting
 * together), so the change is tried again here for as long as a write would wait.
 */
async function switchToWal(dataSource: DataSource): Promise<void> {
  const giveUpAt = Date.now() + BUSY_TIMEOUT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      await dataSource.query('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * Opens the shared database file, creating it and its folder when missing, and brings its
 * schema up to date. Both hub processes call this on the same file at start-up.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DataSource> {
  await mkdir(dirname(resolve(options.path)), { recursive: true });
  const dataSource = new DataSource(dataSourceOptions(options.path, options));
  // The driver has already set busy_timeout and foreign_keys on the connection by now.
  await dataSource.initialize();
  try {
    // WAL lets one process read while the other writes; it is a property of the file.
    await switchToWal(dataSource);
    // In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last commits.
    await dataSource.query('PRAGMA synchronous = NORMAL');
    // Under BEGIN IMMEDIATE, so that two processes starting on a new file at once do not
    // both decide to create the tables: the second waits, then finds nothing to do.
    await runWriteTransaction(dataSource, () => dataSource.runMigrations({ transaction: 'none' }));
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
