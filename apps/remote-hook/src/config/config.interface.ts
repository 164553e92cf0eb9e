import type { ConfigKey, ExtraEvent } from './config.constant';

export interface RemoteHookConfig {
  serverId: string;
  /** The full `/notify` URL of hub-api. */
  endpoint: string;
  secret: string;
  /** Hook events that notify besides Stop, Notification and StopFailure. */
  extraEvents: ExtraEvent[];
  /** How long `permission-request` waits for an answer from Telegram. */
  permissionTimeoutSeconds: number;
}

/** Where a value came from; later sources win: file, then env, then flag. */
export type ConfigSource = 'file' | 'env' | 'flag';

export interface ConfigLayer {
  source: ConfigSource;
  values: Partial<Record<ConfigKey, string>>;
  /** Absent when the layer says nothing about extra events. */
  extraEvents?: string[];
  /** The permission timeout as given (seconds), checked with the rest; absent when not given. */
  permissionTimeout?: string;
}

/** The shape of remote-hook.json. */
export interface ConfigFileContent {
  serverId?: string;
  endpoint?: string;
  secret?: string;
  extraEvents?: string[];
  permissionTimeoutSeconds?: number;
}
