import {
  FakeTelegramBotApi,
  HUB_BOT_MAIN,
  cleanEnv,
  freePort,
  makeTempDir,
  removeDir,
  runNode,
} from '@ccr/testing';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_TOKEN, CHAT_ID } from './support/bot-stack';

describe('hub-bot at start-up', () => {
  let dir: string;
  let telegram: FakeTelegramBotApi;

  beforeAll(async () => {
    dir = await makeTempDir('ccr-bot-start-');
    telegram = new FakeTelegramBotApi({ token: BOT_TOKEN });
    await telegram.start();
  });

  afterAll(async () => {
    await telegram?.stop();
    await removeDir(dir);
  });

  const baseEnv = (): NodeJS.ProcessEnv => ({
    TELEGRAM_BOT_TOKEN: BOT_TOKEN,
    TELEGRAM_CHAT_ID: String(CHAT_ID),
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DATA_DIR: join(dir, 'data'),
    WEBHOOK_HOST: '127.0.0.1',
    WEBHOOK_PORT: '1',
  });

  const run = (env: NodeJS.ProcessEnv) =>
    runNode(HUB_BOT_MAIN, [], { env: cleanEnv(env), cwd: dir, timeoutMs: 30_000 });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: undefined }, 'TELEGRAM_BOT_TOKEN: is required'],
    [{ TELEGRAM_CHAT_ID: undefined }, 'TELEGRAM_CHAT_ID: is required'],
    [{ TELEGRAM_WEBHOOK_URL: 'not a url' }, 'TELEGRAM_WEBHOOK_URL: must be a URL'],
    [{ SSH_CONNECT_TIMEOUT_MS: 'soon' }, 'SSH_CONNECT_TIMEOUT_MS: '],
    [{ TELEGRAM_ENABLED: 'false' }, 'TELEGRAM_ENABLED: is false, and hub-bot is the Telegram bot'],
    [
      { SERVERS_CONFIG: '/nonexistent/servers.json' },
      'SERVERS_CONFIG: /nonexistent/servers.json does not exist',
    ],
  ])('stops with exit code 1 naming the bad setting: %j', async (change, message) => {
    const result = await run({ ...baseEnv(), ...change });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`hub-bot: configuration error: ${message}`);
    expect(result.stderr).not.toContain(BOT_TOKEN);
  });

  it('names the servers.json field that is wrong', async () => {
    const path = join(dir, 'servers.json');
    writeFileSync(
      path,
      JSON.stringify({ servers: [{ id: 'local', type: 'local', tmuxSocket: 'default' }] }),
    );
    const result = await run({ ...baseEnv(), SERVERS_CONFIG: path });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `hub-bot: configuration error: ${path}: servers[0] (local).tmuxSocket: must be { "name": "…" } (tmux -L) or { "path": "…" } (tmux -S)`,
    );
  });

  it('stops with exit code 1 when Telegram refuses the token, and never logs it', async () => {
    const wrongToken = '987654321:WRONG-token_for_the_fake_api';
    const result = await run({
      ...baseEnv(),
      TELEGRAM_BOT_TOKEN: wrongToken,
      WEBHOOK_PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'hub-bot: Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized)',
    );
    expect(`${result.stdout}${result.stderr}`).not.toContain('WRONG-token');
  });
});
