import {
  ConfigError,
  loadDotEnv,
  loadHubApiConfig,
  loadHubBotConfig,
  type BotConfig,
  type HubConfig,
  type ServersConfig,
} from '@ccr/config';
import { join } from 'node:path';

export type BotSettings =
  | { state: 'on'; config: BotConfig }
  /** Why hub-bot does not run: TELEGRAM_ENABLED is false, or no TELEGRAM_BOT_TOKEN. */
  | { state: 'off'; reason: string }
  /** TELEGRAM_BOT_TOKEN is set but hub-bot's configuration is not valid. */
  | { state: 'invalid'; error: ConfigError };

export interface HubSettings {
  /** What the apps will see, started from the checkout: this environment completed by .env. */
  env: NodeJS.ProcessEnv;
  hub: HubConfig;
  bot: BotSettings;
  /** servers.json as both apps read it (its `central` block is in `hub` and `bot` already). */
  servers: ServersConfig;
  /** What the apps will log at start, each once. */
  warnings: string[];
  /** A command that opens a tunnel to the hub, run by start-all beside the apps. */
  tunnelCommand: string | undefined;
}

/**
 * The hub's settings as hub-api and hub-bot will read them when started from `cwd`: the
 * environment wins over `.env`, servers.json's `central` block fills what both leave unset,
 * and the same validation applies (the apps' own loaders). `cwd` is this process's folder, as
 * for the apps, so that SERVERS_CONFIG is found where they find it. Throws ConfigError.
 */
export function loadHubSettings(cwd: string, processEnv: NodeJS.ProcessEnv): HubSettings {
  const env = { ...processEnv };
  loadDotEnv(join(cwd, '.env'), env);
  const { config: hub, servers, warnings } = loadHubApiConfig(env);
  let bot: BotSettings;
  if (!hub.telegram.enabled) {
    bot = { state: 'off', reason: 'TELEGRAM_ENABLED is false' };
  } else if (!hub.telegram.botToken) {
    bot = { state: 'off', reason: 'TELEGRAM_BOT_TOKEN is not set' };
  } else {
    try {
      const loaded = loadHubBotConfig(env);
      bot = { state: 'on', config: loaded.config };
      warnings.push(...loaded.warnings);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      bot = { state: 'invalid', error };
    }
  }
  const tunnelCommand = env['TUNNEL_COMMAND']?.trim() || undefined;
  if (tunnelCommand?.includes('\n')) {
    throw new ConfigError('TUNNEL_COMMAND', 'must be one line (put a longer script in a file)');
  }
  return { env, hub, bot, servers, warnings: [...new Set(warnings)], tunnelCommand };
}
