import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { ConfigError } from './config.error';
import { EnvInt, parseEnvSchema, toTrimmed, type EnvOrigins } from './env-validation.util';
import {
  CHAT_ID_HINT,
  SHARED_ENV_VARIABLES,
  SharedEnv,
  sharedConfigOf,
  type SharedConfig,
} from './shared-env.config';

/** Telegram's rule for `secret_token`, with a floor on length so that it is worth its name. */
const WEBHOOK_SECRET_PATTERN = /^[A-Za-z0-9_-]{16,256}$/;

/** Paths the bot serves itself; a webhook there would hide them. */
const RESERVED_PATHS = new Set(['/health']);

/**
 * Every environment variable hub-bot reads, with its default: the shared ones and its own.
 * The property names are the variable names so that an error names what to fix.
 */
export class BotEnv extends SharedEnv {
  /** Set: webhook mode, Telegram POSTs updates to this URL. Unset: long polling. */
  @Transform(toTrimmed)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be a URL such as https://bot.example.org/telegram/webhook' },
  )
  TELEGRAM_WEBHOOK_URL?: string;

  /** Unset in webhook mode: a random one is made at each start. */
  @Transform(toTrimmed)
  @IsOptional()
  @Matches(WEBHOOK_SECRET_PATTERN, {
    message:
      'must be 16 to 256 letters, digits, "_" or "-" (openssl rand -hex 32 makes one), as Telegram allows',
  })
  TELEGRAM_WEBHOOK_SECRET?: string;

  @EnvInt(1, 65535)
  WEBHOOK_PORT = 3000;

  @Transform(toTrimmed)
  @IsString()
  WEBHOOK_HOST = '0.0.0.0';

  /** TCP connect, SSH handshake and login to a server. */
  @EnvInt(100, 120_000)
  SSH_CONNECT_TIMEOUT_MS = 5000;

  /** Pause between typing and Enter: Claude Code's input debounces pastes. */
  @EnvInt(0, 5000)
  TMUX_SUBMIT_DELAY_MS = 120;

  /** An OpenAI-compatible transcription endpoint; unset, voice messages are not transcribed. */
  @Transform(toTrimmed)
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be a URL such as http://127.0.0.1:8000/v1/audio/transcriptions' },
  )
  STT_URL?: string;

  /** Sent as `Authorization: Bearer …`; self-hosted servers often need none. */
  @Transform(toTrimmed)
  @IsOptional()
  @IsString()
  STT_API_KEY?: string;

  @Transform(toTrimmed)
  @IsString()
  STT_MODEL = 'whisper-1';

  /** The whole transcription request, upload included. */
  @EnvInt(1000, 600_000)
  STT_TIMEOUT_MS = 60_000;
}

/** The variables BotEnv reads; `.env.example` documents each. */
export const BOT_ENV_VARIABLES = [
  ...SHARED_ENV_VARIABLES,
  'TELEGRAM_WEBHOOK_URL',
  'TELEGRAM_WEBHOOK_SECRET',
  'WEBHOOK_PORT',
  'WEBHOOK_HOST',
  'SSH_CONNECT_TIMEOUT_MS',
  'TMUX_SUBMIT_DELAY_MS',
  'STT_URL',
  'STT_API_KEY',
  'STT_MODEL',
  'STT_TIMEOUT_MS',
] as const satisfies ReadonlyArray<keyof BotEnv>;

/** Where voice messages are transcribed. */
export interface SpeechToTextConfig {
  /** The endpoint itself: `…/v1/audio/transcriptions`. */
  url: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

export interface BotWebhookConfig {
  /** What Telegram is told to POST to. */
  url: string;
  /** The URL's path, served on WEBHOOK_PORT. */
  path: string;
  /** Telegram sends it in X-Telegram-Bot-Api-Secret-Token; requests without it get 403. */
  secret: string;
  secretSource: 'env' | 'generated';
}

export interface BotConfig extends SharedConfig {
  telegram: SharedConfig['telegram'] & {
    botToken: string;
    chatId: string;
    /** Undefined: long polling. */
    webhook: BotWebhookConfig | undefined;
  };
  /** The bot's HTTP server: the webhook in webhook mode, and GET /health in either mode. */
  http: { port: number; host: string };
  ssh: { connectTimeoutMs: number };
  tmux: { submitDelayMs: number };
  /** Undefined when STT_URL is unset: voice messages are answered with how to turn it on. */
  stt: SpeechToTextConfig | undefined;
}

function webhookOf(url: string, secret: string | undefined): BotWebhookConfig {
  const parsed = new URL(url);
  if (parsed.search !== '' || parsed.hash !== '') {
    throw new ConfigError('TELEGRAM_WEBHOOK_URL', 'must not have a query string or a fragment');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new ConfigError('TELEGRAM_WEBHOOK_URL', 'must not hold a user name or password');
  }
  if (RESERVED_PATHS.has(parsed.pathname)) {
    throw new ConfigError(
      'TELEGRAM_WEBHOOK_URL',
      `must not use the path ${parsed.pathname}, which the bot serves itself`,
    );
  }
  return {
    url,
    path: parsed.pathname,
    secret: secret ?? randomBytes(32).toString('hex'),
    secretSource: secret ? 'env' : 'generated',
  };
}

/**
 * Reads and validates hub-bot's environment. Throws ConfigError naming the first bad variable
 * (or where its value came from, by `origins`).
 */
export function loadBotConfig(
  env: NodeJS.ProcessEnv = process.env,
  origins?: EnvOrigins,
): BotConfig {
  const { parsed, set } = parseEnvSchema(BotEnv, BOT_ENV_VARIABLES, env, origins);
  const shared = sharedConfigOf(parsed, set, origins);
  const { botToken, chatId } = shared.telegram;
  if (!shared.telegram.enabled) {
    throw new ConfigError(
      'TELEGRAM_ENABLED',
      'is false, and hub-bot is the Telegram bot: it has nothing to do (set it to true, or do not start hub-bot)',
    );
  }
  if (!botToken) {
    throw new ConfigError(
      'TELEGRAM_BOT_TOKEN',
      'is required: hub-bot is the Telegram bot (create one with @BotFather and put its token here)',
    );
  }
  if (!chatId) {
    throw new ConfigError(
      'TELEGRAM_CHAT_ID',
      `is required: only this chat (and TELEGRAM_ALLOWED_CHAT_IDS) may command the bot (${CHAT_ID_HINT})`,
    );
  }
  const warnings = [...shared.warnings];
  if (!parsed.STT_URL && parsed.STT_API_KEY) {
    warnings.push('STT_API_KEY is set but STT_URL is not: voice messages are not transcribed');
  }
  return {
    ...shared,
    warnings,
    telegram: {
      ...shared.telegram,
      botToken,
      chatId,
      webhook: parsed.TELEGRAM_WEBHOOK_URL
        ? webhookOf(parsed.TELEGRAM_WEBHOOK_URL, parsed.TELEGRAM_WEBHOOK_SECRET)
        : undefined,
    },
    http: { port: parsed.WEBHOOK_PORT, host: parsed.WEBHOOK_HOST },
    ssh: { connectTimeoutMs: parsed.SSH_CONNECT_TIMEOUT_MS },
    tmux: { submitDelayMs: parsed.TMUX_SUBMIT_DELAY_MS },
    stt: parsed.STT_URL
      ? {
          url: parsed.STT_URL,
          apiKey: parsed.STT_API_KEY,
          model: parsed.STT_MODEL,
          timeoutMs: parsed.STT_TIMEOUT_MS,
        }
      : undefined,
  };
}
