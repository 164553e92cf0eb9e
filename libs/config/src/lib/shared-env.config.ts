import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Matches } from 'class-validator';
import { join } from 'node:path';
import {
  BOT_TOKEN_PATTERN,
  CHAT_ID_PATTERN,
  toChatList,
  EnvInt,
  toTrimmed,
} from './env-validation.util';

/**
 * The variables hub-api and hub-bot both read, with their defaults: the shared database, the
 * servers they know, and the Telegram bot. Each app's schema extends this one; property names
 * are the variable names so that an error names what to fix.
 */
export class SharedEnv {
  @Transform(toTrimmed)
  @IsString()
  DATA_DIR = 'data';

  /** Defaults to `$DATA_DIR/sessions.db`. */
  @Transform(toTrimmed)
  @IsOptional()
  @IsString()
  DATABASE_PATH?: string;

  @Transform(toTrimmed)
  @IsString()
  SERVERS_CONFIG = 'config/servers.json';

  @EnvInt(1, 24 * 30)
  SESSION_TTL_HOURS = 24;

  @Transform(toTrimmed)
  @IsOptional()
  @Matches(BOT_TOKEN_PATTERN, {
    message: 'must look like 123456789:AA… (the token BotFather gave you)',
  })
  TELEGRAM_BOT_TOKEN?: string;

  @Transform(toTrimmed)
  @IsOptional()
  @Matches(CHAT_ID_PATTERN, {
    message: 'must be a numeric Telegram chat id, such as 123456789 or -100…',
  })
  TELEGRAM_CHAT_ID?: string;

  @Transform(toChatList)
  @IsOptional()
  @Matches(CHAT_ID_PATTERN, {
    each: true,
    message: 'must be a comma-separated list of numeric Telegram chat ids',
  })
  TELEGRAM_ALLOWED_CHAT_IDS?: string[];

  @Transform(toTrimmed)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  TELEGRAM_API_ROOT = 'https://api.telegram.org';

  @Transform(toTrimmed)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** The variables SharedEnv reads. */
export const SHARED_ENV_VARIABLES = [
  'DATA_DIR',
  'DATABASE_PATH',
  'SERVERS_CONFIG',
  'SESSION_TTL_HOURS',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_CHAT_ID',
  'TELEGRAM_ALLOWED_CHAT_IDS',
  'TELEGRAM_API_ROOT',
  'LOG_LEVEL',
] as const satisfies ReadonlyArray<keyof SharedEnv>;

/** What both apps make of the shared variables. */
export interface SharedConfig {
  dataDir: string;
  databasePath: string;
  serversConfigPath: string;
  /** Whether SERVERS_CONFIG was set explicitly (then the file must exist). */
  serversConfigExplicit: boolean;
  sessionTtlHours: number;
  logLevel: string;
  telegram: {
    botToken: string | undefined;
    chatId: string | undefined;
    /** TELEGRAM_CHAT_ID and TELEGRAM_ALLOWED_CHAT_IDS, each once. */
    allowedChatIds: string[];
    /** Without a trailing slash. */
    apiRoot: string;
  };
}

/** The shared part of an app's configuration, from its parsed environment. */
export function sharedConfigOf(parsed: SharedEnv, set: ReadonlySet<string>): SharedConfig {
  const chatId = parsed.TELEGRAM_CHAT_ID;
  const allowed = new Set([
    ...(chatId ? [chatId] : []),
    ...(parsed.TELEGRAM_ALLOWED_CHAT_IDS ?? []),
  ]);
  return {
    dataDir: parsed.DATA_DIR,
    databasePath: parsed.DATABASE_PATH ?? join(parsed.DATA_DIR, 'sessions.db'),
    serversConfigPath: parsed.SERVERS_CONFIG,
    serversConfigExplicit: set.has('SERVERS_CONFIG'),
    sessionTtlHours: parsed.SESSION_TTL_HOURS,
    logLevel: parsed.LOG_LEVEL,
    telegram: {
      botToken: parsed.TELEGRAM_BOT_TOKEN,
      chatId,
      allowedChatIds: [...allowed],
      apiRoot: parsed.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    },
  };
}

/** How to find your chat id, for messages that ask for one. */
export const CHAT_ID_HINT = 'send /start to your bot, then read the chat id from getUpdates';
