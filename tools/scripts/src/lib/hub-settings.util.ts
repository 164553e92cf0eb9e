import {
  ConfigError,
  loadBotConfig,
  loadDotEnv,
  loadHubConfig,
  type BotConfig,
  type HubConfig,
} from '@ccr/config';
import { join } from 'node:path';

export type BotSettings =
  | { state: 'on'; config: BotConfig }
  | { state: 'off' }
  /** TELEGRAM_BOT_TOKEN is set but hub-bot's configuration is not valid. */
  | { state: 'invalid'; error: ConfigError };

export interface HubSettings {
  /** What the apps will see, started from the checkout: this environment completed by .env. */
  env: NodeJS.ProcessEnv;
  hub: HubConfig;
  bot: BotSettings;
  /** A command that opens a tunnel to the hub, run by start-all beside the apps. */
  tunnelCommand: string | undefined;
}

/**
 * The hub's settings as hub-api and hub-bot will read them when started from `cwd`: the
 * environment wins over `.env`, and the same validation applies. Throws ConfigError.
 */
export function loadHubSettings(cwd: string, processEnv: NodeJS.ProcessEnv): HubSettings {
  const env = { ...processEnv };
  loadDotEnv(join(cwd, '.env'), env);
  const hub = loadHubConfig(env);
  let bot: BotSettings = { state: 'off' };
  if (hub.telegram.botToken) {
    try {
      bot = { state: 'on', config: loadBotConfig(env) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      bot = { state: 'invalid', error };
    }
  }
  const tunnelCommand = env['TUNNEL_COMMAND']?.trim() || undefined;
  if (tunnelCommand?.includes('\n')) {
    throw new ConfigError('TUNNEL_COMMAND', 'must be one line (put a longer script in a file)');
  }
  return { env, hub, bot, tunnelCommand };
}
