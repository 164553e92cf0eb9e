import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { join } from 'node:path';
import { ConfigError } from './config.error';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toTrimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() || undefined : value;
const toChatList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean)
    : value;

const CHAT_ID = /^-?\d{1,20}$/;

/**
 * Every environment variable the hub reads, with its default. Validated once at start-up;
 * the property names are the variable names so that an error names what to fix.
 */
export class HubEnv {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  NOTIFY_PORT = 3001;

  @Transform(toTrimmed)
  @IsString()
  NOTIFY_HOST = '0.0.0.0';

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

  /** When unset, the hub generates one and keeps it in `$DATA_DIR/shared-secret`. */
  @Transform(toTrimmed)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters (openssl rand -hex 32 makes one)' })
  @MaxLength(1024)
  SHARED_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_TTL_HOURS = 24;

  @Transform(toTrimmed)
  @IsOptional()
  @Matches(/^\d+:[A-Za-z0-9_-]{20,}$/, {
    message: 'must look like 123456789:AA… (the token BotFather gave you)',
  })
  TELEGRAM_BOT_TOKEN?: string;

  @Transform(toTrimmed)
  @IsOptional()
  @Matches(CHAT_ID, { message: 'must be a numeric Telegram chat id, such as 123456789 or -100…' })
  TELEGRAM_CHAT_ID?: string;

  @Transform(toChatList)
  @IsOptional()
  @Matches(CHAT_ID, {
    each: true,
    message: 'must be a comma-separated list of numeric Telegram chat ids',
  })
  TELEGRAM_ALLOWED_CHAT_IDS?: string[];

  @Transform(toTrimmed)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  TELEGRAM_API_ROOT = 'https://api.telegram.org';

  /** Shortest gap between two messages to one chat; Telegram allows about one a second. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  TELEGRAM_CHAT_INTERVAL_MS = 1000;

  @Transform(toTrimmed)
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** The variables HubEnv reads; `.env.example` documents each. */
export const HUB_ENV_VARIABLES = [
  'NOTIFY_PORT',
  'NOTIFY_HOST',
  'DATA_DIR',
  'DATABASE_PATH',
  'SERVERS_CONFIG',
  'SHARED_SECRET',
  'SESSION_TTL_HOURS',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_CHAT_ID',
  'TELEGRAM_ALLOWED_CHAT_IDS',
  'TELEGRAM_API_ROOT',
  'TELEGRAM_CHAT_INTERVAL_MS',
  'LOG_LEVEL',
] as const satisfies ReadonlyArray<keyof HubEnv>;

export interface HubConfig {
  port: number;
  host: string;
  dataDir: string;
  databasePath: string;
  serversConfigPath: string;
  /** Whether SERVERS_CONFIG was set explicitly (then the file must exist). */
  serversConfigExplicit: boolean;
  sharedSecret: string | undefined;
  sessionTtlHours: number;
  logLevel: string;
  telegram: {
    /** Undefined when TELEGRAM_BOT_TOKEN is not set: the hub stores but does not send. */
    botToken: string | undefined;
    chatId: string | undefined;
    allowedChatIds: string[];
    apiRoot: string;
    chatIntervalMs: number;
  };
}

function describe(error: ValidationError): ConfigError {
  const problem = Object.values(error.constraints ?? {})[0] ?? 'is not valid';
  // class-validator's default messages start with the property name; ours do not.
  const text = problem.startsWith(`${error.property} `)
    ? problem.slice(error.property.length + 1)
    : problem;
  return new ConfigError(error.property, text);
}

/** Reads and validates the hub's environment. Throws ConfigError naming the first bad variable. */
export function loadHubConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const raw: Record<string, string> = {};
  for (const key of HUB_ENV_VARIABLES) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value;
  }
  const parsed = plainToInstance(HubEnv, raw, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { forbidUnknownValues: true });
  if (errors.length > 0) throw describe(errors[0]);

  const botToken = parsed.TELEGRAM_BOT_TOKEN;
  const chatId = parsed.TELEGRAM_CHAT_ID;
  if (botToken && !chatId) {
    throw new ConfigError(
      'TELEGRAM_CHAT_ID',
      'is required when TELEGRAM_BOT_TOKEN is set (send /start to your bot, then read the chat id from getUpdates)',
    );
  }
  const allowed = new Set([
    ...(chatId ? [chatId] : []),
    ...(parsed.TELEGRAM_ALLOWED_CHAT_IDS ?? []),
  ]);

  return {
    port: parsed.NOTIFY_PORT,
    host: parsed.NOTIFY_HOST,
    dataDir: parsed.DATA_DIR,
    databasePath: parsed.DATABASE_PATH ?? join(parsed.DATA_DIR, 'sessions.db'),
    serversConfigPath: parsed.SERVERS_CONFIG,
    serversConfigExplicit: raw['SERVERS_CONFIG'] !== undefined,
    sharedSecret: parsed.SHARED_SECRET,
    sessionTtlHours: parsed.SESSION_TTL_HOURS,
    logLevel: parsed.LOG_LEVEL,
    telegram: {
      botToken,
      chatId,
      allowedChatIds: [...allowed],
      apiRoot: parsed.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      chatIntervalMs: parsed.TELEGRAM_CHAT_INTERVAL_MS,
    },
  };
}
