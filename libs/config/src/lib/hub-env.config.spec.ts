import { ConfigError } from './config.error';
import { loadHubConfig } from './hub-env.config';
import { describeDatabase } from './shared-env.config';

const TOKEN = '123456789:AAE_valid-token_abcdefghijk';

function errorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadHubConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadHubConfig', () => {
  it('runs on defaults alone: port 3001, data/sessions.db, Telegram off', () => {
    const config = loadHubConfig({});
    expect(config).toMatchObject({
      port: 3001,
      host: '0.0.0.0',
      database: { path: 'data/sessions.db' },
      serversConfigPath: 'config/servers.json',
      serversConfigExplicit: false,
      sharedSecret: undefined,
      sessionTtlHours: 24,
      telegram: { botToken: undefined, apiRoot: 'https://api.telegram.org', chatIntervalMs: 1000 },
    });
  });

  it('reads every variable, trimming values and the API root slash', () => {
    const config = loadHubConfig({
      NOTIFY_PORT: ' 4001 ',
      DATA_DIR: '/var/lib/ccr',
      SERVERS_CONFIG: '/etc/ccr/servers.json',
      SHARED_SECRET: 'x'.repeat(64),
      SESSION_TTL_HOURS: '48',
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '42',
      TELEGRAM_ALLOWED_CHAT_IDS: '7, -1001234567890,42',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 4001,
      database: { path: '/var/lib/ccr/sessions.db' },
      serversConfigExplicit: true,
      sessionTtlHours: 48,
      logLevel: 'debug',
      telegram: {
        botToken: TOKEN,
        chatId: '42',
        allowedChatIds: ['42', '7', '-1001234567890'],
        apiRoot: 'http://127.0.0.1:8081',
      },
    });
  });

  it('puts the hub on PostgreSQL with DATABASE_URL, and logs the URL without its password', () => {
    const config = loadHubConfig({ DATABASE_URL: ' postgresql://ccr:s3cret@db:5432/ccr ' });
    expect(config.database).toEqual({ url: 'postgresql://ccr:s3cret@db:5432/ccr' });
    expect(describeDatabase(config.database)).toBe('postgresql://ccr:***@db:5432/ccr');
    expect(describeDatabase({ path: 'data/sessions.db' })).toBe('data/sessions.db');
  });

  it('treats empty values as unset', () => {
    expect(
      loadHubConfig({ SHARED_SECRET: '', TELEGRAM_BOT_TOKEN: '  ' }).telegram.botToken,
    ).toBeUndefined();
  });

  it.each([
    [{ NOTIFY_PORT: 'abc' }, 'NOTIFY_PORT'],
    [{ NOTIFY_PORT: '70000' }, 'NOTIFY_PORT'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS'],
    [{ SHARED_SECRET: 'short' }, 'SHARED_SECRET'],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_CHAT_ID: '1' }, 'TELEGRAM_BOT_TOKEN'],
    [{ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_CHAT_ID: '@channel' }, 'TELEGRAM_CHAT_ID'],
    [{ TELEGRAM_BOT_TOKEN: TOKEN }, 'TELEGRAM_CHAT_ID'],
    [{ TELEGRAM_ALLOWED_CHAT_IDS: '1,two' }, 'TELEGRAM_ALLOWED_CHAT_IDS'],
    [{ TELEGRAM_API_ROOT: 'api.telegram.org' }, 'TELEGRAM_API_ROOT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ DATABASE_URL: 'mysql://db/ccr' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/ccr', DATABASE_PATH: '/srv/ccr.db' }, 'DATABASE_PATH'],
  ])('names the bad variable: %j', (env, variable) => {
    const error = errorOf(env);
    expect(error.setting).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^${variable}: \\S`));
  });

  it('never puts the secret value in the message', () => {
    expect(errorOf({ SHARED_SECRET: 'hunter2' }).message).not.toContain('hunter2');
  });
});
