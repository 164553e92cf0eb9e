import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { ConfigError } from './config.error';
import {
  EnvInt,
  IsSecret,
  parseEnvSchema,
  toTrimmed,
  type EnvOrigins,
} from './env-validation.util';
import {
  CHAT_ID_HINT,
  SHARED_ENV_VARIABLES,
  SharedEnv,
  sharedConfigOf,
  type SharedConfig,
} from './shared-env.config';

/**
 * Every environment variable hub-api reads, with its default: the shared ones and its own.
 * Validated once at start-up; the property names are the variable names so that an error
 * names what to fix.
 */
export class HubEnv extends SharedEnv {
  @EnvInt(1, 65535)
  NOTIFY_PORT = 3001;

  @Transform(toTrimmed)
  @IsString()
  NOTIFY_HOST = '0.0.0.0';

  /** When unset, the hub generates one and keeps it in `$DATA_DIR/shared-secret`. */
  @Transform(toTrimmed)
  @IsOptional()
  @IsSecret()
  SHARED_SECRET?: string;

  /** Shortest gap between two messages to one chat; Telegram allows about one a second. */
  @EnvInt(0, 60_000)
  TELEGRAM_CHAT_INTERVAL_MS = 1000;
}

/** The variables HubEnv reads; `.env.example` documents each. */
export const HUB_ENV_VARIABLES = [
  'NOTIFY_PORT',
  'NOTIFY_HOST',
  ...SHARED_ENV_VARIABLES,
  'SHARED_SECRET',
  'TELEGRAM_CHAT_INTERVAL_MS',
] as const satisfies ReadonlyArray<keyof HubEnv>;

export interface HubConfig extends SharedConfig {
  port: number;
  host: string;
  sharedSecret: string | undefined;
  telegram: SharedConfig['telegram'] & {
    /** Undefined when TELEGRAM_BOT_TOKEN is not set: the hub stores but does not send. */
    botToken: string | undefined;
    chatIntervalMs: number;
  };
}

/**
 * Reads and validates the hub's environment. Throws ConfigError naming the first bad variable
 * (or where its value came from, by `origins`).
 */
export function loadHubConfig(
  env: NodeJS.ProcessEnv = process.env,
  origins?: EnvOrigins,
): HubConfig {
  const { parsed, set } = parseEnvSchema(HubEnv, HUB_ENV_VARIABLES, env, origins);
  const shared = sharedConfigOf(parsed, set, origins);
  if (shared.telegram.botToken && !shared.telegram.chatId) {
    throw new ConfigError(
      'TELEGRAM_CHAT_ID',
      `is required when TELEGRAM_BOT_TOKEN is set (${CHAT_ID_HINT})`,
    );
  }
  return {
    ...shared,
    port: parsed.NOTIFY_PORT,
    host: parsed.NOTIFY_HOST,
    sharedSecret: parsed.SHARED_SECRET,
    telegram: { ...shared.telegram, chatIntervalMs: parsed.TELEGRAM_CHAT_INTERVAL_MS },
  };
}
