import { DEFAULT_PERMISSION_TIMEOUT_SECONDS, SERVER_ID_PATTERN } from '@ccr/protocol';
import {
  CONFIG_KEY_NAMES,
  CONFIG_KEYS,
  EXTRA_EVENT_TYPES,
  EXTRA_EVENTS_ENV,
  MAX_PERMISSION_TIMEOUT_SECONDS,
  MIN_PERMISSION_TIMEOUT_SECONDS,
  PERMISSION_TIMEOUT_ENV,
  PERMISSION_TIMEOUT_FILE_KEY,
  PERMISSION_TIMEOUT_FLAG,
  type ConfigKey,
  type ExtraEvent,
} from './config.constant';
import type { ConfigLayer, ConfigSource, RemoteHookConfig } from './config.interface';

export interface MergedConfig {
  values: Partial<Record<ConfigKey, string>>;
  sources: Partial<Record<ConfigKey, ConfigSource>>;
  extraEvents: string[];
  extraEventsSource?: ConfigSource;
  permissionTimeout?: string;
  permissionTimeoutSource?: ConfigSource;
}

export interface ConfigCheck {
  /** Null when any problem was found. */
  config: RemoteHookConfig | null;
  /** Known even when the rest is incomplete: it decides whether a hook event matters at all. */
  extraEvents: ExtraEvent[];
  /** Known even when the rest is incomplete: `install` writes the hook timeout from it. */
  permissionTimeoutSeconds: number;
  /** Sentences naming the variable or field at fault and what to do. */
  problems: string[];
}

/** Later layers win, value by value; an empty string counts as not set. */
export function mergeConfigLayers(layers: readonly ConfigLayer[]): MergedConfig {
  const merged: MergedConfig = { values: {}, sources: {}, extraEvents: [] };
  for (const layer of layers) {
    for (const key of CONFIG_KEY_NAMES) {
      const value = layer.values[key];
      if (value === undefined || value === '') continue;
      merged.values[key] = value;
      merged.sources[key] = layer.source;
    }
    if (layer.extraEvents !== undefined) {
      merged.extraEvents = layer.extraEvents;
      merged.extraEventsSource = layer.source;
    }
    if (layer.permissionTimeout !== undefined && layer.permissionTimeout !== '') {
      merged.permissionTimeout = layer.permissionTimeout;
      merged.permissionTimeoutSource = layer.source;
    }
  }
  return merged;
}

export function validateConfig(merged: MergedConfig, filePath: string): ConfigCheck {
  const problems: string[] = [];
  const label = (key: ConfigKey): string => {
    switch (merged.sources[key]) {
      case 'flag':
        return CONFIG_KEYS[key].flag;
      case 'file':
        return `"${key}" in ${filePath}`;
      default:
        return CONFIG_KEYS[key].env;
    }
  };

  for (const key of CONFIG_KEY_NAMES) {
    if (merged.values[key] === undefined) {
      const { what, env, flag } = CONFIG_KEYS[key];
      problems.push(`no ${what}: set ${env} or run "remote-hook install ${flag} …"`);
    }
  }

  const { serverId, endpoint, secret } = merged.values;
  if (serverId !== undefined && !SERVER_ID_PATTERN.test(serverId)) {
    problems.push(
      `${label('serverId')} "${serverId}" is not a server id: 1 to 32 letters, digits, "_" or "-", starting with a letter or digit`,
    );
  }
  const notifyUrl = endpoint === undefined ? null : normalizeEndpoint(endpoint);
  if (endpoint !== undefined && notifyUrl === null) {
    problems.push(
      `${label('endpoint')} "${endpoint}" is not an http(s) URL such as http://172.24.12.11:3001/notify`,
    );
  }

  const extraEvents: ExtraEvent[] = [];
  for (const name of merged.extraEvents) {
    if (isExtraEvent(name)) {
      if (!extraEvents.includes(name)) extraEvents.push(name);
    } else {
      const where =
        merged.extraEventsSource === 'file' ? `"extraEvents" in ${filePath}` : EXTRA_EVENTS_ENV;
      problems.push(
        `${where} names "${name}", which remote-hook cannot send; supported: ${Object.keys(EXTRA_EVENT_TYPES).join(', ')}`,
      );
    }
  }

  const timeout = parsePermissionTimeout(merged.permissionTimeout);
  if (timeout === null) {
    const where = {
      file: `"${PERMISSION_TIMEOUT_FILE_KEY}" in ${filePath}`,
      env: PERMISSION_TIMEOUT_ENV,
      flag: PERMISSION_TIMEOUT_FLAG,
    }[merged.permissionTimeoutSource ?? 'env'];
    problems.push(
      `${where} "${merged.permissionTimeout ?? ''}" is not a whole number of seconds from ${MIN_PERMISSION_TIMEOUT_SECONDS} to ${MAX_PERMISSION_TIMEOUT_SECONDS}`,
    );
  }
  const permissionTimeoutSeconds = timeout ?? DEFAULT_PERMISSION_TIMEOUT_SECONDS;

  if (problems.length > 0 || !serverId || !notifyUrl || !secret) {
    return { config: null, extraEvents, permissionTimeoutSeconds, problems };
  }
  return {
    config: { serverId, endpoint: notifyUrl, secret, extraEvents, permissionTimeoutSeconds },
    extraEvents,
    permissionTimeoutSeconds,
    problems,
  };
}

/**
 * Seconds from `raw` (`"120"`), the default when not given, or null when it is not a whole
 * number within the bounds.
 */
export function parsePermissionTimeout(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PERMISSION_TIMEOUT_SECONDS;
  if (!/^\d{1,9}$/.test(raw.trim())) return null;
  const seconds = Number(raw.trim());
  return seconds >= MIN_PERMISSION_TIMEOUT_SECONDS && seconds <= MAX_PERMISSION_TIMEOUT_SECONDS
    ? seconds
    : null;
}

/**
 * The hub's `/notify` URL, or null when `value` is not an http(s) URL. A bare origin
 * (`http://hub:3001`) means its `/notify`.
 */
export function normalizeEndpoint(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/notify';
  url.hash = '';
  return url.toString();
}

export function isExtraEvent(name: string): name is ExtraEvent {
  return Object.prototype.hasOwnProperty.call(EXTRA_EVENT_TYPES, name);
}

/** `SubagentStop`, `SubagentStop,Foo` or `SubagentStop Foo`. */
export function parseEventList(text: string): string[] {
  return text.split(/[\s,]+/).filter((name) => name !== '');
}
