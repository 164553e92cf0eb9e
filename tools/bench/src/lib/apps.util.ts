import {
  FakeTelegramBotApi,
  freePort,
  startNodeApp,
  workspaceRoot,
  type AppProcess,
} from '@ccr/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasMapped } from './proc.util';
import type { SqliteDriver } from './sqlite-driver.util';

export const BOT_TOKEN = '123456789:BENCH-token_for_the_fake_api';
export const CHAT_ID = '4242';
export const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
export const HUB_MAIN = join(workspaceRoot, 'dist/apps/hub-api/main.js');
export const CLI_MAIN = join(workspaceRoot, 'dist/apps/remote-hook/main.js');
/** Beside the built bench (a second entry point of its build): see sqlite-driver.preload.ts. */
const SQLITE_DRIVER_PRELOAD = join(__dirname, 'sqlite-driver.preload.js');

export interface RunningHub {
  url: string;
  app: AppProcess;
}

export interface StartHubOptions {
  /** A PostgreSQL database (`DATABASE_URL`); without it, SQLite in `dataDir`. */
  databaseUrl?: string;
  /**
   * The SQLite driver under TypeORM: the product's `sqlite3`, or `better-sqlite3` in its place
   * for the driver comparison (the product's own options, only the driver type swapped).
   */
  sqliteDriver?: SqliteDriver;
}

export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], TZ: 'UTC', LANG: 'C.UTF-8', ...extra };
}

/**
 * The built hub-api as users run it (default log level and chat interval), on a fresh SQLite
 * database in `dataDir`, or on the PostgreSQL database `databaseUrl` (several hubs may share
 * one, as replicas).
 */
export async function startHub(
  dataDir: string,
  telegram: FakeTelegramBotApi,
  options: StartHubOptions = {},
): Promise<RunningHub> {
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await startNodeApp(HUB_MAIN, {
    cwd: dataDir,
    readyUrl: `${url}/health`,
    timeoutMs: 30_000,
    env: baseEnv({
      NOTIFY_PORT: String(port),
      NOTIFY_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SHARED_SECRET: SECRET,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_CHAT_ID: CHAT_ID,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.sqliteDriver === 'better-sqlite3'
        ? { NODE_OPTIONS: `--require ${SQLITE_DRIVER_PRELOAD}` }
        : {}),
    }),
  });
  // The hub answered, so it has opened its database: with the swap, through better-sqlite3.
  if (options.sqliteDriver === 'better-sqlite3' && !hasMapped(app.pid, 'better_sqlite3.node')) {
    await app.stop();
    throw new Error('hub-api did not load better-sqlite3: the driver swap did not take');
  }
  return { url, app };
}
