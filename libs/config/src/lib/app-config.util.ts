import { loadBotConfig, BOT_ENV_VARIABLES, type BotConfig } from './bot-env.config';
import { parseEnvSchema, type EnvOrigins } from './env-validation.util';
import { HUB_ENV_VARIABLES, loadHubConfig, type HubConfig } from './hub-env.config';
import { CENTRAL_VARIABLES, type CentralSettings } from './original-servers.util';
import { loadServersConfig, type ServersConfig } from './servers.config';
import { SharedEnv, type SharedConfig } from './shared-env.config';

/** An app's whole configuration, and what it should log once at start. */
export interface AppConfig<T extends SharedConfig> {
  config: T;
  servers: ServersConfig;
  /** Each one line, naming the variable or the servers.json field; none stops the app. */
  warnings: string[];
}

/**
 * The environment with servers.json's `central` block as defaults: a field fills its variable
 * (notificationPort → NOTIFY_PORT, webhookPort → WEBHOOK_PORT, sharedSecret → SHARED_SECRET,
 * ngrokEnabled → NGROK_ENABLED) when the app reads that variable and the environment leaves it
 * unset or empty. The origins say which, so that a bad value is named as the field.
 */
function withCentralDefaults(
  env: NodeJS.ProcessEnv,
  servers: ServersConfig,
  variables: readonly string[],
): { env: NodeJS.ProcessEnv; origins: EnvOrigins } {
  const merged = { ...env };
  const origins = new Map<string, string>();
  for (const [field, variable] of Object.entries(CENTRAL_VARIABLES)) {
    const value = servers.central[field as keyof CentralSettings];
    if (value === undefined || !variables.includes(variable)) continue;
    if ((env[variable] ?? '').trim() !== '') continue;
    merged[variable] = String(value);
    origins.set(variable, `${servers.source}: central.${field}`);
  }
  return { env: merged, origins };
}

/**
 * Where both apps look for servers.json: SERVERS_CONFIG, else `config/servers.json`; `explicit`
 * when the variable is set, and then the file must exist.
 */
export function serversConfigPathOf(env: NodeJS.ProcessEnv): { path: string; explicit: boolean } {
  const { parsed, set } = parseEnvSchema(SharedEnv, ['SERVERS_CONFIG'], env);
  return { path: parsed.SERVERS_CONFIG, explicit: set.has('SERVERS_CONFIG') };
}

/**
 * Reads servers.json (at SERVERS_CONFIG) first, since its `central` block holds defaults for
 * the environment, then the environment, each validated once.
 */
function loadAppConfig<T extends SharedConfig>(
  env: NodeJS.ProcessEnv,
  variables: readonly string[],
  load: (env: NodeJS.ProcessEnv, origins: EnvOrigins) => T,
): AppConfig<T> {
  const { path, explicit } = serversConfigPathOf(env);
  const servers = loadServersConfig(path, explicit);
  const merged = withCentralDefaults(env, servers, variables);
  const config = load(merged.env, merged.origins);
  return { config, servers, warnings: [...servers.warnings, ...config.warnings] };
}

/** hub-api's configuration: its environment and servers.json. Throws ConfigError. */
export function loadHubApiConfig(env: NodeJS.ProcessEnv = process.env): AppConfig<HubConfig> {
  return loadAppConfig(env, HUB_ENV_VARIABLES, loadHubConfig);
}

/** hub-bot's configuration: its environment and servers.json. Throws ConfigError. */
export function loadHubBotConfig(env: NodeJS.ProcessEnv = process.env): AppConfig<BotConfig> {
  return loadAppConfig(env, BOT_ENV_VARIABLES, loadBotConfig);
}
