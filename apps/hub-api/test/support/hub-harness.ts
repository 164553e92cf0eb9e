import {
  FakeTelegramBotApi,
  HUB_API_MAIN,
  REMOTE_HOOK_MAIN,
  cleanEnv,
  createTestDatabase,
  makeTempDir,
  removeDir,
  runNode,
  startBuiltApp,
  type AppProcess,
  type TestDatabase,
  type TestEngine,
} from '@ccr/testing';
import { join } from 'node:path';

export const HUB_MAIN = HUB_API_MAIN;
export const CLI_MAIN = REMOTE_HOOK_MAIN;
export const BOT_TOKEN = '123456789:TEST-token_for_the_fake_api';
export const CHAT_ID = '4242';
export const SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';

export interface Hub {
  url: string;
  port: number;
  dataDir: string;
  process: AppProcess;
  env: NodeJS.ProcessEnv;
}

/**
 * What a hub keeps between its starts: its folder (DATA_DIR: the generated secret, the
 * default SQLite file) and its database, on the run's engine (CCR_TEST_ENGINE).
 */
export interface HubData {
  dir: string;
  database: TestDatabase;
}

/** A new folder and database for a hub; `removeHubData` removes both. */
export async function makeHubData(prefix: string, engine?: TestEngine): Promise<HubData> {
  const dir = await makeTempDir(prefix);
  return { dir, database: await createTestDatabase(join(dir, 'sessions.db'), engine) };
}

export async function removeHubData(data: HubData | undefined): Promise<void> {
  if (!data) return;
  await data.database.drop();
  await removeDir(data.dir);
}

export async function startHub(options: {
  data: HubData;
  telegram?: FakeTelegramBotApi;
  port?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<Hub> {
  const env = cleanEnv({
    NOTIFY_HOST: '127.0.0.1',
    DATA_DIR: options.data.dir,
    ...options.data.database.env,
    SHARED_SECRET: SECRET,
    LOG_LEVEL: 'info',
    ...(options.telegram
      ? {
          TELEGRAM_BOT_TOKEN: BOT_TOKEN,
          TELEGRAM_CHAT_ID: CHAT_ID,
          TELEGRAM_API_ROOT: options.telegram.apiRoot,
        }
      : {}),
    ...options.env,
  });
  // Its own folder as cwd, so that no .env of the developer's reaches it.
  const app = await startBuiltApp(HUB_MAIN, {
    env,
    portVariable: 'NOTIFY_PORT',
    port: options.port,
    cwd: options.data.dir,
  });
  return { ...app, dataDir: options.data.dir };
}

export function cliEnv(
  home: string,
  hubUrl: string,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return cleanEnv({
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.local/state'),
    SERVER_ID: 'kr4',
    CENTRAL_HUB_ENDPOINT: `${hubUrl}/notify`,
    SHARED_SECRET: SECRET,
    ...extra,
  });
}

/** Runs the built CLI the way Claude Code runs a hook: JSON on stdin. */
export function runHook(
  args: string[],
  stdin: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd?: string,
) {
  return runNode(CLI_MAIN, args, { stdin, env, cwd, timeoutMs: 20_000 });
}

export async function getJson<T>(
  url: string,
  secret: string = SECRET,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: { 'x-shared-secret': secret } });
  return { status: response.status, body: (await response.json()) as T };
}

export { FakeTelegramBotApi, cleanEnv, makeTempDir, removeDir };
