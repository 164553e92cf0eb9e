/** The three values every notification needs, with where a person sets each one. */
export const CONFIG_KEYS = {
  serverId: { env: 'SERVER_ID', flag: '--server-id', what: 'server id' },
  endpoint: { env: 'CENTRAL_HUB_ENDPOINT', flag: '--endpoint', what: 'hub endpoint' },
  secret: { env: 'SHARED_SECRET', flag: '--secret', what: 'shared secret' },
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;

export const CONFIG_KEY_NAMES = Object.keys(CONFIG_KEYS) as ConfigKey[];

/** Hook events that notify only when the user asks for them, and what they send. */
export const EXTRA_EVENT_TYPES = {
  SubagentStop: 'completed',
} as const;

export type ExtraEvent = keyof typeof EXTRA_EVENT_TYPES;

export const EXTRA_EVENTS_ENV = 'CCR_EXTRA_EVENTS';

/** Environment variables that place files somewhere other than the defaults. */
export const PATH_ENV = {
  config: 'CCR_CONFIG',
  spool: 'CCR_SPOOL_DIR',
  claudeConfigDir: 'CLAUDE_CONFIG_DIR',
} as const;

/**
 * How long `remote-hook permission-request` waits for an answer from Telegram, in seconds:
 * `PERMISSION_TIMEOUT`, else `permissionTimeoutSeconds` in the config file, else the
 * protocol's default. Claude Code's own dialog is shown meanwhile, so a long wait blocks nothing.
 */
export const PERMISSION_TIMEOUT_ENV = 'PERMISSION_TIMEOUT';
export const PERMISSION_TIMEOUT_FLAG = '--permission-timeout';
export const PERMISSION_TIMEOUT_FILE_KEY = 'permissionTimeoutSeconds';
export const MIN_PERMISSION_TIMEOUT_SECONDS = 1;
/** An hour: nobody keeps a terminal waiting longer, and it bounds the process as a whole. */
export const MAX_PERMISSION_TIMEOUT_SECONDS = 3600;

export const HOOK_BUDGET_ENV = 'CCR_HOOK_TIMEOUT_MS';

/** Claude Code waits for its hooks, so a hook run as a whole stays within this. */
export const DEFAULT_HOOK_BUDGET_MS = 3000;
export const MIN_HOOK_BUDGET_MS = 200;
export const MAX_HOOK_BUDGET_MS = 30_000;

/** The config file holds the shared secret: only its owner may read it. */
export const CONFIG_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
