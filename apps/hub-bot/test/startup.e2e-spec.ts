import {
  FakeTelegramBotApi,
  HUB_BOT_MAIN,
  cleanEnv,
  createTestDatabase,
  freePort,
  makeTempDir,
  removeDir,
  runNode,
  startBuiltApp,
  waitFor,
} from '@ccr/testing';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
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

  /** Answers /help in the chat, from whichever hub-bot polls. */
  const helpIsAnswered = async (what: string) => {
    const asked = telegram.queueMessage(CHAT_ID, '/help');
    await telegram.waitForSentMessage(
      (message) =>
        (message['reply_parameters'] as { message_id?: number } | undefined)?.message_id ===
        asked.message?.message_id,
      { chatId: CHAT_ID, what },
    );
  };

  it('a second hub-bot long polling on the same database refuses to start, naming the first, which goes on; once the first stops cleanly the next one polls at once', async () => {
    const database = await createTestDatabase(join(dir, 'shared-sessions.db'));
    try {
      const env = cleanEnv({ ...baseEnv(), ...database.env, WEBHOOK_PORT: undefined });
      const folders = ['lease-first', 'lease-second', 'lease-third'];
      await Promise.all(folders.map((folder) => mkdir(join(dir, folder))));
      const first = await startBuiltApp(HUB_BOT_MAIN, {
        env,
        cwd: join(dir, 'lease-first'),
        portVariable: 'WEBHOOK_PORT',
      });
      try {
        await waitFor(() => telegram.waitingPolls() === 1, { what: 'the first hub-bot polling' });
        const webhookDeletes = telegram.calls('deleteWebhook').length;

        const second = await runNode(HUB_BOT_MAIN, [], {
          env: { ...env, WEBHOOK_PORT: String(await freePort()) },
          cwd: join(dir, 'lease-second'),
          timeoutMs: 30_000,
        });
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(
          new RegExp(
            `hub-bot: another hub-bot \\(host ${hostname()}, pid ${first.process.pid}, polling since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z, last heartbeat \\d+ s ago\\) is long polling this bot on this database: only one hub-bot may long-poll, so this one does not start\\.`,
          ),
        );
        expect(second.stderr).toContain(
          'Stop that one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database; see "Running on PostgreSQL" in the README), where several may run at once',
        );
        // It stopped before launch(), whose deleteWebhook and getUpdates would end the first's poll.
        expect(telegram.calls('deleteWebhook')).toHaveLength(webhookDeletes);

        // The first was never told anything and goes on answering.
        await helpIsAnswered("the first hub-bot's answer to /help after the second gave up");
        expect(telegram.waitingPolls()).toBe(1);
        expect(first.process.output()).not.toContain('409');
      } finally {
        await first.process.stop();
      }

      // A clean stop released the lease: the next one does not wait for it to go stale.
      const third = await startBuiltApp(HUB_BOT_MAIN, {
        env,
        cwd: join(dir, 'lease-third'),
        portVariable: 'WEBHOOK_PORT',
      });
      try {
        await helpIsAnswered("the next hub-bot's answer to /help");
        expect(third.process.output()).not.toContain('is long polling this bot');
      } finally {
        await third.process.stop();
      }
    } finally {
      await database.drop();
    }
  });

  it('a second hub-bot long polling the same bot on another database: the first is told by Telegram, says only one may poll and what runs several, and stops', async () => {
    // Each on a SQLite file of its own: no lease they both see, only Telegram's 409.
    const start = (folder: string) =>
      startBuiltApp(HUB_BOT_MAIN, {
        env: cleanEnv({
          ...baseEnv(),
          DATA_DIR: join(dir, folder, 'data'),
          WEBHOOK_PORT: undefined,
        }),
        cwd: join(dir, folder),
        portVariable: 'WEBHOOK_PORT',
      });
    await Promise.all(['first', 'second'].map((folder) => mkdir(join(dir, folder))));
    const first = await start('first');
    try {
      await waitFor(() => telegram.waitingPolls() === 1, { what: 'the first hub-bot polling' });
      const second = await start('second');
      try {
        // Telegram ends the poll that waited with 409 when another getUpdates comes.
        expect(await first.process.exited).toBe(1);
        expect(first.process.output()).toContain(
          "hub-bot: another hub-bot (or another program with this token) is now receiving this bot's updates (409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running): only one hub-bot may long-poll, so this one stops. Stop the other one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database), where several may run at once",
        );
        // The second one goes on polling, and answers.
        await helpIsAnswered("the second hub-bot's answer to /help");
        expect(second.process.output()).not.toContain('409');
      } finally {
        await second.process.stop();
      }
    } finally {
      await first.process.stop();
    }
  });
});
