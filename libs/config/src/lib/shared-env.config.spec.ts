import { loadBotConfig } from './bot-env.config';
import { ConfigError } from './config.error';
import { loadHubConfig } from './hub-env.config';
import { NGROK_WARNING } from './shared-env.config';

const TOKEN = '123456789:AAE_valid-token_abcdefghijk';

function errorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/**
 * The `.env` the original scripts' install.sh wrote on the hub, completed as their README
 * says, with the variables of the channels it had besides Telegram.
 */
const ORIGINAL_ENV = {
  SERVER_ID: 'local',
  CENTRAL_HUB_ENDPOINT: 'http://172.24.12.11:3001/notify',
  SHARED_SECRET: '5f1d3c0e9a7b2c4d6e8f0a1b3c5d7e9f5f1d3c0e9a7b2c4d6e8f0a1b3c5d7e9f',
  TELEGRAM_ENABLED: 'true',
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_GROUP_ID: '-1001234567890',
  EMAIL_ENABLED: 'false',
  SMTP_HOST: 'smtp.gmail.com',
  SMTP_PORT: 'not-a-port',
  SMTP_USER: 'me@example.com',
  SMTP_PASS: 'app-password',
  IMAP_HOST: 'imap.gmail.com',
  EMAIL_TO: 'me@example.com',
  LINE_ENABLED: 'false',
  LINE_CHANNEL_ACCESS_TOKEN: 'x',
  LINE_CHANNEL_SECRET: 'y',
};

describe("the original scripts' .env names, read by both apps alike", () => {
  it('starts both apps on that .env, its chat being TELEGRAM_GROUP_ID, the other channels ignored', () => {
    for (const config of [loadHubConfig(ORIGINAL_ENV), loadBotConfig(ORIGINAL_ENV)]) {
      expect(config.telegram).toMatchObject({
        enabled: true,
        botToken: TOKEN,
        chatId: '-1001234567890',
        allowedChatIds: ['-1001234567890'],
      });
      expect(config.warnings).toEqual([]);
    }
  });

  it('keeps TELEGRAM_CHAT_ID first, and says that TELEGRAM_GROUP_ID is then not used', () => {
    const config = loadHubConfig({ ...ORIGINAL_ENV, TELEGRAM_CHAT_ID: '42' });
    expect(config.telegram).toMatchObject({ chatId: '42', allowedChatIds: ['42'] });
    expect(config.warnings).toEqual([
      'TELEGRAM_GROUP_ID is not used, as TELEGRAM_CHAT_ID is set (add the group to TELEGRAM_ALLOWED_CHAT_IDS for it to command the bot too)',
    ]);
    expect(loadHubConfig({ ...ORIGINAL_ENV, TELEGRAM_CHAT_ID: '-1001234567890' }).warnings).toEqual(
      [],
    );
  });

  it('turns Telegram off with TELEGRAM_ENABLED=false, placeholders and all', () => {
    const env = {
      TELEGRAM_ENABLED: 'FALSE',
      TELEGRAM_BOT_TOKEN: 'your-bot-token-here',
      TELEGRAM_CHAT_ID: 'your-chat-id-here',
      TELEGRAM_GROUP_ID: 'your-group-id',
      TELEGRAM_ALLOWED_CHAT_IDS: 'nobody',
    };
    expect(loadHubConfig(env).telegram).toMatchObject({
      enabled: false,
      botToken: undefined,
      chatId: undefined,
      allowedChatIds: [],
    });
    expect(errorOf(() => loadBotConfig(env)).message).toMatch(
      /^TELEGRAM_ENABLED: is false, and hub-bot is the Telegram bot/,
    );
    expect(errorOf(() => loadHubConfig({ TELEGRAM_ENABLED: 'off' })).message).toBe(
      'TELEGRAM_ENABLED: must be true or false',
    );
  });

  it('reads TELEGRAM_ENABLED=true as nothing more than the default', () => {
    expect(loadHubConfig({ ...ORIGINAL_ENV, TELEGRAM_ENABLED: ' True ' }).telegram.enabled).toBe(
      true,
    );
    expect(errorOf(() => loadHubConfig({ ...ORIGINAL_ENV, TELEGRAM_GROUP_ID: '' })).setting).toBe(
      'TELEGRAM_CHAT_ID',
    );
  });

  it('says once at start that NGROK_ENABLED=true needs nothing here', () => {
    const on = loadHubConfig({ NGROK_ENABLED: 'true' });
    expect(on.warnings).toEqual([`NGROK_ENABLED is true: ${NGROK_WARNING}`]);
    expect(loadBotConfig({ ...ORIGINAL_ENV, NGROK_ENABLED: 'true' }).warnings).toEqual(on.warnings);
    expect(loadHubConfig({ NGROK_ENABLED: 'false' }).warnings).toEqual([]);
    expect(errorOf(() => loadHubConfig({ NGROK_ENABLED: 'yes' })).message).toBe(
      'NGROK_ENABLED: must be true or false',
    );
  });

  it('refuses a placeholder SHARED_SECRET, naming it and not its value', () => {
    const error = errorOf(() => loadHubConfig({ SHARED_SECRET: 'REPLACE_WITH_SECURE_SECRET' }));
    expect(error.message).toBe(
      'SHARED_SECRET: is a placeholder: put a secret of your own here (openssl rand -hex 32 makes one)',
    );
  });
});

describe('the defaults for quiet hours, mutes and the person at the terminal', () => {
  it('hold notifications, keep requests silent, and watch a 60 s window, in UTC, unless set', () => {
    expect(loadHubConfig({}).delivery).toEqual({
      timeZone: 'UTC',
      quietMode: 'hold',
      quietRequests: 'silent',
      presenceWindowSeconds: 60,
      presenceMode: 'hold',
    });
  });

  it('are read by both apps alike, the zone in Intl spelling', () => {
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '42',
      QUIET_TIME_ZONE: 'europe/berlin',
      QUIET_MODE: 'silent',
      QUIET_REQUESTS: 'loud',
      PRESENCE_WINDOW_SECONDS: '0',
      PRESENCE_MODE: 'silent',
    };
    const expected = {
      timeZone: 'Europe/Berlin',
      quietMode: 'silent',
      quietRequests: 'loud',
      presenceWindowSeconds: 0,
      presenceMode: 'silent',
    };
    expect(loadHubConfig(env).delivery).toEqual(expected);
    expect(loadBotConfig(env).delivery).toEqual(expected);
  });

  it.each([
    ['QUIET_TIME_ZONE', 'Europe/Atlantis', 'must be a time zone such as Europe/Berlin or UTC'],
    ['QUIET_MODE', 'quiet', 'must be hold or silent'],
    ['QUIET_REQUESTS', 'hold', 'must be silent or loud'],
    ['PRESENCE_WINDOW_SECONDS', '-1', 'must not be less than 0'],
    ['PRESENCE_WINDOW_SECONDS', '3601', 'must not be greater than 3600'],
    ['PRESENCE_MODE', 'off', 'must be hold or silent'],
  ])('stop the app on %s=%s, naming it', (variable, value, problem) => {
    const error = errorOf(() => loadHubConfig({ [variable]: value }));
    expect(error.setting).toBe(variable);
    expect(error.message).toContain(problem);
  });
});
