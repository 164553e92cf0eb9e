import {
  FakeTelegramBotApi,
  freePort,
  startNodeApp,
  workspaceRoot,
  type AppProcess,
} from '@ccr/testing';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const BOT_TOKEN = '123456789:BENCH-token_for_the_fake_api';
export const CHAT_ID = '4242';
export const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
export const HUB_MAIN = join(workspaceRoot, 'dist/apps/hub-api/main.js');
export const CLI_MAIN = join(workspaceRoot, 'dist/apps/remote-hook/main.js');

export interface RunningHub {
  url: string;
  app: AppProcess;
}

export function baseEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env['PATH'], TZ: 'UTC', LANG: 'C.UTF-8', ...extra };
}

/** The built hub-api as users run it (default log level and chat interval), on a fresh database. */
export async function startHub(dataDir: string, telegram: FakeTelegramBotApi): Promise<RunningHub> {
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
    }),
  });
  return { url, app };
}
