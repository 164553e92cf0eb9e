import {
  DELIVERY_MODES,
  PRESENCE_WINDOW_LIMITS,
  REQUEST_ALERTS,
  canonicalTimeZone,
  type DeliveryDefaults,
  type DeliveryMode,
  type RequestAlert,
} from '@ccr/delivery-domain';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import {
  BOT_TOKEN_PATTERN,
  CHAT_ID_PATTERN,
  EnvInt,
  settingName,
  toBool,
  toChatList,
  toTrimmed,
  type EnvOrigins,
} from './env-validation.util';

/** `postgres://` or `postgresql://`, then at least a host. */
const POSTGRES_URL_PATTERN = /^postgres(ql)?:\/\/[^\s/?#]+/;

/**
 * With TELEGRAM_ENABLED=false the Telegram variables are not read at all: the original scripts'
 * `.env` keeps placeholders such as `your-bot-token-here` in them when Telegram is off.
 */
const telegramOn = (env: SharedEnv): boolean => env.TELEGRAM_ENABLED !== false;

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

  /** Puts both apps on PostgreSQL instead of the SQLite file. */
  @Transform(toTrimmed)
  @IsOptional()
  @Matches(POSTGRES_URL_PATTERN, {
    message: 'must be a PostgreSQL URL such as postgres://ccr:password@db.example:5432/ccr',
  })
  DATABASE_URL?: string;

  @Transform(toTrimmed)
  @IsString()
  SERVERS_CONFIG = 'config/servers.json';

  @EnvInt(1, 24 * 30)
  SESSION_TTL_HOURS = 24;

  /** The original scripts' switch: `false` turns Telegram off, as if no token were set. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  TELEGRAM_ENABLED?: boolean;

  @Transform(toTrimmed)
  @ValidateIf(telegramOn)
  @IsOptional()
  @Matches(BOT_TOKEN_PATTERN, {
    message: 'must look like 123456789:AA… (the token BotFather gave you)',
  })
  TELEGRAM_BOT_TOKEN?: string;

  @Transform(toTrimmed)
  @ValidateIf(telegramOn)
  @IsOptional()
  @Matches(CHAT_ID_PATTERN, {
    message: 'must be a numeric Telegram chat id, such as 123456789 or -100…',
  })
  TELEGRAM_CHAT_ID?: string;

  /** The original scripts' name for the chat: used when TELEGRAM_CHAT_ID is unset. */
  @Transform(toTrimmed)
  @ValidateIf(telegramOn)
  @IsOptional()
  @Matches(CHAT_ID_PATTERN, {
    message: 'must be a numeric Telegram chat id, such as -1001234567890',
  })
  TELEGRAM_GROUP_ID?: string;

  @Transform(toChatList)
  @ValidateIf(telegramOn)
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

  /** Quiet hours are read in this zone until a chat gives its own (`/quiet tz …`). */
  @Transform(toTrimmed)
  @ValidateBy({
    name: 'isTimeZone',
    validator: {
      validate: (value) => typeof value === 'string' && canonicalTimeZone(value) !== undefined,
      defaultMessage: () => 'must be a time zone such as Europe/Berlin or UTC',
    },
  })
  QUIET_TIME_ZONE = 'UTC';

  /** Notifications during quiet hours and mutes, until a chat chooses (`/quiet hold|silent`). */
  @Transform(toTrimmed)
  @IsIn(DELIVERY_MODES, { message: 'must be hold or silent' })
  QUIET_MODE: DeliveryMode = 'hold';

  /** Requests during quiet hours and mutes, until a chat chooses (`/quiet requests …`). */
  @Transform(toTrimmed)
  @IsIn(REQUEST_ALERTS, { message: 'must be silent or loud' })
  QUIET_REQUESTS: RequestAlert = 'silent';

  /** A session typed in this recently counts as watched; 0 turns that off (`/presence …`). */
  @EnvInt(PRESENCE_WINDOW_LIMITS.min, PRESENCE_WINDOW_LIMITS.max)
  PRESENCE_WINDOW_SECONDS = 60;

  /** Notifications of a watched session, until a chat chooses (`/presence hold|silent`). */
  @Transform(toTrimmed)
  @IsIn(DELIVERY_MODES, { message: 'must be hold or silent' })
  PRESENCE_MODE: DeliveryMode = 'hold';

  /** The original scripts started ngrok when true; read only to say that nothing here needs it. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  NGROK_ENABLED?: boolean;
}

/** The variables SharedEnv reads. */
export const SHARED_ENV_VARIABLES = [
  'DATA_DIR',
  'DATABASE_PATH',
  'DATABASE_URL',
  'SERVERS_CONFIG',
  'SESSION_TTL_HOURS',
  'TELEGRAM_ENABLED',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_CHAT_ID',
  'TELEGRAM_GROUP_ID',
  'TELEGRAM_ALLOWED_CHAT_IDS',
  'TELEGRAM_API_ROOT',
  'LOG_LEVEL',
  'QUIET_TIME_ZONE',
  'QUIET_MODE',
  'QUIET_REQUESTS',
  'PRESENCE_WINDOW_SECONDS',
  'PRESENCE_MODE',
  'NGROK_ENABLED',
] as const satisfies ReadonlyArray<keyof SharedEnv>;

/** Where the hub keeps its data; `@ccr/session-data-access` opens either. */
export type DatabaseSetting = { path: string } | { url: string };

function databaseOf(parsed: SharedEnv): DatabaseSetting {
  if (parsed.DATABASE_URL === undefined) {
    return { path: parsed.DATABASE_PATH ?? join(parsed.DATA_DIR, 'sessions.db') };
  }
  if (parsed.DATABASE_PATH !== undefined) {
    throw new ConfigError(
      'DATABASE_PATH',
      'names a SQLite file, but DATABASE_URL puts the hub on PostgreSQL: set only one of them',
    );
  }
  return { url: parsed.DATABASE_URL };
}

/** The database as a log line may name it: a URL without its password. */
export function describeDatabase(database: DatabaseSetting): string {
  if ('path' in database) return database.path;
  const url = new URL(database.url);
  if (url.password) url.password = '***';
  return url.toString();
}

/** What both apps make of the shared variables. */
export interface SharedConfig {
  dataDir: string;
  /** The SQLite file both apps share (`path`), or, with DATABASE_URL, PostgreSQL (`url`). */
  database: DatabaseSetting;
  serversConfigPath: string;
  /** Whether SERVERS_CONFIG was set explicitly (then the file must exist). */
  serversConfigExplicit: boolean;
  sessionTtlHours: number;
  logLevel: string;
  /** Worth a line in the log at start; nothing is wrong enough to stop the app. */
  warnings: string[];
  /** Quiet hours, mutes and the person at the terminal, for whatever a chat has not chosen. */
  delivery: DeliveryDefaults;
  telegram: {
    /** False when TELEGRAM_ENABLED=false: then no token, chat or allowed chat is read. */
    enabled: boolean;
    botToken: string | undefined;
    chatId: string | undefined;
    /** TELEGRAM_CHAT_ID and TELEGRAM_ALLOWED_CHAT_IDS, each once. */
    allowedChatIds: string[];
    /** Without a trailing slash. */
    apiRoot: string;
  };
}

/** Said at start when the original scripts' ngrok switch is on. */
export const NGROK_WARNING =
  'ngrok is not started, and no tunnel is needed: hub-bot takes updates by long polling, ' +
  'which needs no public URL. For the webhook mode instead, set TELEGRAM_WEBHOOK_URL, and ' +
  'TUNNEL_COMMAND in .env to the command that opens your tunnel (such as ssh -N -R 8443:localhost:3000 me@gateway): ' +
  'start-all runs it and stop-all stops it';

function warningsOf(parsed: SharedEnv, origins: EnvOrigins | undefined): string[] {
  const warnings: string[] = [];
  if (parsed.NGROK_ENABLED) {
    warnings.push(`${settingName('NGROK_ENABLED', origins)} is true: ${NGROK_WARNING}`);
  }
  const { TELEGRAM_CHAT_ID: chatId, TELEGRAM_GROUP_ID: groupId } = parsed;
  if (telegramOn(parsed) && chatId && groupId && chatId !== groupId) {
    warnings.push(
      'TELEGRAM_GROUP_ID is not used, as TELEGRAM_CHAT_ID is set (add the group to ' +
        'TELEGRAM_ALLOWED_CHAT_IDS for it to command the bot too)',
    );
  }
  return warnings;
}

/**
 * The shared part of an app's configuration, from its parsed environment. `origins` names the
 * variables whose values came from elsewhere (servers.json's `central` block), for warnings.
 */
export function sharedConfigOf(
  parsed: SharedEnv,
  set: ReadonlySet<string>,
  origins?: EnvOrigins,
): SharedConfig {
  const enabled = telegramOn(parsed);
  const chatId = enabled ? (parsed.TELEGRAM_CHAT_ID ?? parsed.TELEGRAM_GROUP_ID) : undefined;
  const allowed = new Set([
    ...(chatId ? [chatId] : []),
    ...((enabled && parsed.TELEGRAM_ALLOWED_CHAT_IDS) || []),
  ]);
  return {
    dataDir: parsed.DATA_DIR,
    database: databaseOf(parsed),
    serversConfigPath: parsed.SERVERS_CONFIG,
    serversConfigExplicit: set.has('SERVERS_CONFIG'),
    sessionTtlHours: parsed.SESSION_TTL_HOURS,
    logLevel: parsed.LOG_LEVEL,
    warnings: warningsOf(parsed, origins),
    delivery: {
      // Validated above, so Intl knows it; kept in Intl's spelling.
      timeZone: canonicalTimeZone(parsed.QUIET_TIME_ZONE) ?? parsed.QUIET_TIME_ZONE,
      quietMode: parsed.QUIET_MODE,
      quietRequests: parsed.QUIET_REQUESTS,
      presenceWindowSeconds: parsed.PRESENCE_WINDOW_SECONDS,
      presenceMode: parsed.PRESENCE_MODE,
    },
    telegram: {
      enabled,
      botToken: enabled ? parsed.TELEGRAM_BOT_TOKEN : undefined,
      chatId,
      allowedChatIds: [...allowed],
      apiRoot: parsed.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
    },
  };
}

/** How to find your chat id, for messages that ask for one. */
export const CHAT_ID_HINT = 'send /start to your bot, then read the chat id from getUpdates';
