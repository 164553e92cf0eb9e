import { BOT_ENV_VARIABLES, loadBotConfig } from './bot-env.config';
import { ConfigError } from './config.error';
import { HUB_ENV_VARIABLES, loadHubConfig } from './hub-env.config';
import { SHARED_ENV_VARIABLES } from './shared-env.config';

const TOKEN = '123456789:AAE_valid-token_abcdefghijk';
const MINIMAL = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '42' };

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadBotConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadBotConfig', () => {
  it('runs on the token and chat id alone: long polling, port 3000, data/sessions.db', () => {
    expect(loadBotConfig(MINIMAL)).toEqual({
      dataDir: 'data',
      database: { path: 'data/sessions.db' },
      serversConfigPath: 'config/servers.json',
      serversConfigExplicit: false,
      sessionTtlHours: 24,
      logLevel: 'info',
      warnings: [],
      delivery: {
        timeZone: 'UTC',
        quietMode: 'hold',
        quietRequests: 'silent',
        presenceWindowSeconds: 60,
        presenceMode: 'hold',
      },
      telegram: {
        enabled: true,
        botToken: TOKEN,
        chatId: '42',
        allowedChatIds: ['42'],
        apiRoot: 'https://api.telegram.org',
        webhook: undefined,
      },
      http: { port: 3000, host: '0.0.0.0' },
      ssh: { connectTimeoutMs: 5000 },
      tmux: { submitDelayMs: 120 },
      stt: undefined,
    });
  });

  it('reads every variable', () => {
    const config = loadBotConfig({
      ...MINIMAL,
      DATA_DIR: '/var/lib/ccr',
      SERVERS_CONFIG: '/etc/ccr/servers.json',
      SESSION_TTL_HOURS: '48',
      TELEGRAM_ALLOWED_CHAT_IDS: '7, -1001234567890',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: 's'.repeat(32),
      WEBHOOK_PORT: '8443',
      WEBHOOK_HOST: '127.0.0.1',
      SSH_CONNECT_TIMEOUT_MS: '2000',
      TMUX_SUBMIT_DELAY_MS: '0',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      database: { path: '/var/lib/ccr/sessions.db' },
      serversConfigExplicit: true,
      sessionTtlHours: 48,
      logLevel: 'debug',
      telegram: {
        allowedChatIds: ['42', '7', '-1001234567890'],
        apiRoot: 'http://127.0.0.1:8081',
        webhook: {
          url: 'https://bot.example.org/telegram/hook',
          path: '/telegram/hook',
          secret: 's'.repeat(32),
          secretSource: 'env',
        },
      },
      http: { port: 8443, host: '127.0.0.1' },
      ssh: { connectTimeoutMs: 2000 },
      tmux: { submitDelayMs: 0 },
    });
  });

  it('transcribes voice messages only with STT_URL, with a model and timeout by default', () => {
    const url = 'http://127.0.0.1:8000/v1/audio/transcriptions';
    expect(loadBotConfig({ ...MINIMAL, STT_URL: url }).stt).toEqual({
      url,
      apiKey: undefined,
      model: 'whisper-1',
      timeoutMs: 60_000,
    });
    expect(
      loadBotConfig({
        ...MINIMAL,
        STT_URL: url,
        STT_API_KEY: ' sk-key ',
        STT_MODEL: 'Systran/faster-whisper-small',
        STT_TIMEOUT_MS: '5000',
      }).stt,
    ).toEqual({ url, apiKey: 'sk-key', model: 'Systran/faster-whisper-small', timeoutMs: 5000 });
    const keyOnly = loadBotConfig({ ...MINIMAL, STT_API_KEY: 'sk-key' });
    expect(keyOnly.stt).toBeUndefined();
    expect(keyOnly.warnings).toEqual([
      'STT_API_KEY is set but STT_URL is not: voice messages are not transcribed',
    ]);
  });

  it("takes the original scripts' TELEGRAM_GROUP_ID as the chat it obeys", () => {
    const config = loadBotConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_GROUP_ID: '-1001234567890',
    });
    expect(config.telegram).toMatchObject({
      chatId: '-1001234567890',
      allowedChatIds: ['-1001234567890'],
    });
  });

  it('makes a random webhook secret when none is set, a new one each start', () => {
    const env = { ...MINIMAL, TELEGRAM_WEBHOOK_URL: 'http://127.0.0.1:3000/hook' };
    const first = loadBotConfig(env).telegram.webhook;
    const second = loadBotConfig(env).telegram.webhook;
    expect(first).toMatchObject({ path: '/hook', secretSource: 'generated' });
    expect(first?.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(second?.secret).not.toBe(first?.secret);
  });

  it.each([
    [{ TELEGRAM_CHAT_ID: '42' }, 'TELEGRAM_BOT_TOKEN', /is required/],
    [{ TELEGRAM_BOT_TOKEN: '  ', TELEGRAM_CHAT_ID: '42' }, 'TELEGRAM_BOT_TOKEN', /is required/],
    [{ TELEGRAM_BOT_TOKEN: TOKEN }, 'TELEGRAM_CHAT_ID', /is required/],
    [{ ...MINIMAL, TELEGRAM_BOT_TOKEN: 'nope' }, 'TELEGRAM_BOT_TOKEN', /BotFather/],
    [{ ...MINIMAL, TELEGRAM_WEBHOOK_URL: 'bot.example.org/hook' }, 'TELEGRAM_WEBHOOK_URL', /URL/],
    [{ ...MINIMAL, TELEGRAM_WEBHOOK_URL: 'ftp://x.org/hook' }, 'TELEGRAM_WEBHOOK_URL', /URL/],
    [
      { ...MINIMAL, TELEGRAM_WEBHOOK_URL: 'https://x.org/hook?a=1' },
      'TELEGRAM_WEBHOOK_URL',
      /query/,
    ],
    [{ ...MINIMAL, TELEGRAM_WEBHOOK_URL: 'https://x.org/health' }, 'TELEGRAM_WEBHOOK_URL', /path/],
    [{ ...MINIMAL, TELEGRAM_WEBHOOK_SECRET: 'short' }, 'TELEGRAM_WEBHOOK_SECRET', /16 to 256/],
    [
      { ...MINIMAL, TELEGRAM_WEBHOOK_SECRET: 'x'.repeat(20) + '!' },
      'TELEGRAM_WEBHOOK_SECRET',
      /letters/,
    ],
    [{ ...MINIMAL, WEBHOOK_PORT: '0' }, 'WEBHOOK_PORT', /./],
    [{ ...MINIMAL, SSH_CONNECT_TIMEOUT_MS: '10' }, 'SSH_CONNECT_TIMEOUT_MS', /./],
    [{ ...MINIMAL, TMUX_SUBMIT_DELAY_MS: '-1' }, 'TMUX_SUBMIT_DELAY_MS', /./],
    [{ ...MINIMAL, TELEGRAM_ALLOWED_CHAT_IDS: '1,x' }, 'TELEGRAM_ALLOWED_CHAT_IDS', /list/],
    [{ ...MINIMAL, STT_URL: 'localhost:8000/v1/audio' }, 'STT_URL', /URL/],
    [{ ...MINIMAL, STT_URL: 'ftp://x.org/v1/audio/transcriptions' }, 'STT_URL', /URL/],
    [{ ...MINIMAL, STT_TIMEOUT_MS: '10' }, 'STT_TIMEOUT_MS', /./],
    [{ ...MINIMAL, TELEGRAM_ENABLED: 'false' }, 'TELEGRAM_ENABLED', /hub-bot is the Telegram bot/],
    [{ ...MINIMAL, TELEGRAM_ENABLED: 'no' }, 'TELEGRAM_ENABLED', /must be true or false/],
    [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_GROUP_ID: '@group' }, 'TELEGRAM_GROUP_ID', /numeric/],
  ])('names the bad variable: %j', (env, variable, problem) => {
    const error = errorOf(env);
    expect(error.setting).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable}: \\S`));
    expect(error.message).toMatch(problem);
  });

  it('never puts the token or the webhook secret in a message', () => {
    expect(errorOf({ TELEGRAM_BOT_TOKEN: 'hunter2', TELEGRAM_CHAT_ID: '1' }).message).not.toContain(
      'hunter2',
    );
    expect(errorOf({ ...MINIMAL, TELEGRAM_WEBHOOK_SECRET: 'hunter2' }).message).not.toContain(
      'hunter2',
    );
    expect(
      errorOf({ ...MINIMAL, STT_API_KEY: 'hunter2', STT_TIMEOUT_MS: 'x' }).message,
    ).not.toContain('hunter2');
  });

  it('reads the shared variables exactly as hub-api does', () => {
    const env = {
      ...MINIMAL,
      DATABASE_PATH: '/srv/ccr.db',
      SESSION_TTL_HOURS: '12',
      TELEGRAM_ALLOWED_CHAT_IDS: '7',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      LOG_LEVEL: 'warn',
    };
    const bot = loadBotConfig(env);
    const hub = loadHubConfig(env);
    for (const key of [
      'dataDir',
      'database',
      'serversConfigPath',
      'serversConfigExplicit',
      'sessionTtlHours',
      'logLevel',
    ] as const) {
      expect(bot[key]).toEqual(hub[key]);
    }
    for (const key of ['botToken', 'chatId', 'allowedChatIds', 'apiRoot'] as const) {
      expect(bot.telegram[key]).toEqual(hub.telegram[key]);
    }
    for (const variable of SHARED_ENV_VARIABLES) {
      expect(BOT_ENV_VARIABLES).toContain(variable);
      expect(HUB_ENV_VARIABLES).toContain(variable);
    }
  });
});
