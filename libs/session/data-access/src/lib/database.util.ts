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
import { LiveSessionKey1796200000000 } from '../migrations/1796200000000-live-session-key.migration';
import { OutboxReplicas1796300000000 } from '../migrations/1796300000000-outbox-replicas.migration';
import { SignatureReplays1796400000000 } from '../migrations/1796400000000-signature-replays.migration';
import { RequestPrompt1796500000000 } from '../migrations/1796500000000-request-prompt.migration';
import { PollingLeases1796600000000 } from '../migrations/1796600000000-polling-leases.migration';
import { OutboxChatEntity } from './entities/outbox-chat.entity';
import { SignatureReplayEntity } from './entities/signature-replay.entity';
import { LaunchEntity } from './entities/launch.entity';
import { MuteEntity } from './entities/mute.entity';
import { NotificationEntity } from './entities/notification.entity';
import { OutboxEntity } from './entities/outbox.entity';
import { PermissionRequestEntity } from './entities/permission-request.entity';
import { PollingLeaseEntity } from './entities/polling-lease.entity';
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
  OutboxChatEntity,
  SignatureReplayEntity,
  PollingLeaseEntity,
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
  LiveSessionKey1796200000000,
  OutboxReplicas1796300000000,
  SignatureReplays1796400000000,
  RequestPrompt1796500000000,
  PollingLeases1796600000000,
] as const;

/** How long a connection waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Where the hub keeps its data: a SQLite file (`path`), or a PostgreSQL database (`url`,
 * `postgres://user:password@host:port/database`; `?options=-c%20search_path%3Dccr` puts the
 * tables in a schema of their own).
 */
export type DatabaseLocation = { path: string } | { url: string };

export type OpenDatabaseOptions = DatabaseLocation & { logging?: boolean };

/** PostgreSQL connections per process: hub-api's sender and intake rarely need more at once. */
const POSTGRES_POOL_SIZE = 10;

/** Any number, the same in every process: the advisory lock the migrations run under. */
const MIGRATION_LOCK_KEY = 0x63637231; // "ccr1"

/*
 * TypeORM turns on sqlite3's verbose mode, which captures a stack trace and formats every
 * argument of every statement: a third of the hub's CPU under load. Errors still carry the
 * SQL and the code; only the extra call-site trace is gone.
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, {
  verbose: () => sqlite3,
});

/**
 * The options openDatabase opens the database with: the entities and every migration, listed,
 * and schema changes only by migration. The ops CLI (`tools/scripts`) reads an existing file
 * with them, without migrating it; tests build a database at an older migration from them.
 */
export function dataSourceOptions(
  location: DatabaseLocation,
  options: { logging?: boolean } = {},
): DataSourceOptions {
  const common = {
    entities: [...SESSION_ENTITIES] as Array<(typeof SESSION_ENTITIES)[number]>,
    migrations: [...SESSION_MIGRATIONS] as Array<(typeof SESSION_MIGRATIONS)[number]>,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
  } as const;
  if ('url' in location) {
    return {
      ...common,
      type: 'postgres',
      url: location.url,
      applicationName: 'ccr-hub',
      poolSize: POSTGRES_POOL_SIZE,
    };
  }
  return {
    ...common,
    type: 'sqlite',
    database: location.path,
    busyTimeout: BUSY_TIMEOUT_MS,
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
 * Opens the shared database (a SQLite file, created with its folder when missing, or a
 * PostgreSQL database that exists) and brings its schema up to date. Every hub process calls
 * this at start-up; the migrations run in one of them at a time, and only once.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DataSource> {
  if ('path' in options) await mkdir(dirname(resolve(options.path)), { recursive: true });
  const dataSource = new DataSource(dataSourceOptions(options, options));
  await dataSource.initialize();
  try {
    if ('path' in options) await prepareSqlite(dataSource);
    else await migratePostgres(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function prepareSqlite(dataSource: DataSource): Promise<void> {
  // The driver has already set busy_timeout and foreign_keys on the connection by now.
  // WAL lets one process read while the other writes; it is a property of the file.
  await switchToWal(dataSource);
  // In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last commits.
  await dataSource.query('PRAGMA synchronous = NORMAL');
  // Under BEGIN IMMEDIATE, so that two processes starting on a new file at once do not
  // both decide to create the tables: the second waits, then finds nothing to do.
  await runWriteTransaction(dataSource, () => dataSource.runMigrations({ transaction: 'none' }));
}

/**
 * Runs the migrations in one transaction (PostgreSQL changes tables transactionally) while
 * holding a lock that every hub process takes first: replicas starting together migrate once,
 * and the others find nothing left to do.
 */
async function migratePostgres(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'all' });
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}
