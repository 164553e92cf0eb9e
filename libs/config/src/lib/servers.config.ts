import { existsSync, readFileSync } from 'node:fs';
import { SERVER_ID_PATTERN } from '@ccr/protocol';
import { ConfigError } from './config.error';

/**
 * Which tmux server Claude runs in: `{ name }` is `tmux -L <name>`, `{ path }` is
 * `tmux -S <path>`. Absent: the user's default tmux server.
 */
export type TmuxSocketConfig = { name: string } | { path: string };

interface ServerBase {
  id: string;
  /** Shown in lists; defaults to the id. */
  name?: string;
  /**
   * This server's own secret for signing notifications. When set, only requests signed with
   * it may speak for this server id, and the hub-wide SHARED_SECRET is refused for it.
   */
  secret?: string;
  /** The tmux server hub-bot types into; absent: the (SSH) user's default one. */
  tmuxSocket?: TmuxSocketConfig;
  /** The tmux program on that server; `tmux` on the PATH unless set. */
  tmuxPath?: string;
}

export interface LocalServerConfig extends ServerBase {
  type: 'local';
}

export interface RemoteServerConfig extends ServerBase {
  type: 'remote';
  host: string;
  port: number;
  user: string;
  keyPath: string;
  knownHostsPath?: string;
  /** Defaults to true: the host key must be in known_hosts. */
  strictHostKeyChecking: boolean;
}

export type ServerConfig = LocalServerConfig | RemoteServerConfig;

export interface ServersConfig {
  servers: ServerConfig[];
  /** Where it was read from, or undefined when the file is absent and the default applies. */
  source: string | undefined;
}

/** With no servers.json, the hub knows only its own machine. */
export const DEFAULT_SERVERS: ServerConfig[] = [{ id: 'local', type: 'local' }];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(entry: Json, key: string, at: string): string | undefined {
  const value = entry[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(`${at}.${key}`, 'must be a non-empty string');
  }
  return value;
}

function requiredString(entry: Json, key: string, at: string): string {
  const value = optionalString(entry, key, at);
  if (value === undefined) throw new ConfigError(`${at}.${key}`, 'is required for a remote server');
  return value;
}

/** tmux socket names become file names in tmux's folder: no slashes, nothing odd. */
const TMUX_SOCKET_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function parseTmuxSocket(entry: Json, at: string): TmuxSocketConfig | undefined {
  const value = entry['tmuxSocket'];
  if (value === undefined) return undefined;
  const field = `${at}.tmuxSocket`;
  const keys = isObject(value) ? Object.keys(value) : [];
  if (!isObject(value) || keys.length !== 1 || !['name', 'path'].includes(keys[0])) {
    throw new ConfigError(field, 'must be { "name": "…" } (tmux -L) or { "path": "…" } (tmux -S)');
  }
  if ('name' in value) {
    const name = value['name'];
    if (typeof name !== 'string' || !TMUX_SOCKET_NAME.test(name)) {
      throw new ConfigError(`${field}.name`, 'must be 1–100 letters, digits, ".", "_" or "-"');
    }
    return { name };
  }
  const path = value['path'];
  if (typeof path !== 'string' || path.trim() === '' || CONTROL.test(path)) {
    throw new ConfigError(
      `${field}.path`,
      'must be the path of a tmux socket, such as /tmp/tmux-1000/default',
    );
  }
  return { path };
}

function parseServer(entry: unknown, at: string): ServerConfig {
  if (!isObject(entry)) throw new ConfigError(at, 'must be an object');
  const id = entry['id'];
  if (typeof id !== 'string' || !SERVER_ID_PATTERN.test(id)) {
    throw new ConfigError(
      `${at}.id`,
      'must be 1–32 letters, digits, "-" or "_", starting with a letter or digit (such as "kr4")',
    );
  }
  const name = optionalString(entry, 'name', at);
  const secret = optionalString(entry, 'secret', at);
  if (secret !== undefined && secret.length < 16) {
    throw new ConfigError(`${at}.secret`, 'must be at least 16 characters');
  }
  const tmuxSocket = parseTmuxSocket(entry, at);
  const tmuxPath = optionalString(entry, 'tmuxPath', at);
  if (tmuxPath !== undefined && CONTROL.test(tmuxPath)) {
    throw new ConfigError(`${at}.tmuxPath`, 'must not hold control characters');
  }
  const base = {
    id,
    ...(name ? { name } : {}),
    ...(secret ? { secret } : {}),
    ...(tmuxSocket ? { tmuxSocket } : {}),
    ...(tmuxPath ? { tmuxPath } : {}),
  };

  switch (entry['type']) {
    case 'local':
      return { ...base, type: 'local' };
    case 'remote': {
      const port = entry['port'] ?? 22;
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        throw new ConfigError(`${at}.port`, 'must be a whole number from 1 to 65535');
      }
      const strict = entry['strictHostKeyChecking'] ?? true;
      if (typeof strict !== 'boolean') {
        throw new ConfigError(`${at}.strictHostKeyChecking`, 'must be true or false');
      }
      const knownHostsPath = optionalString(entry, 'knownHostsPath', at);
      return {
        ...base,
        type: 'remote',
        host: requiredString(entry, 'host', at),
        port,
        user: requiredString(entry, 'user', at),
        keyPath: requiredString(entry, 'keyPath', at),
        ...(knownHostsPath ? { knownHostsPath } : {}),
        strictHostKeyChecking: strict,
      };
    }
    default:
      throw new ConfigError(`${at}.type`, 'must be "local" or "remote"');
  }
}

/** Validates the parsed contents of servers.json: `{ "servers": [ … ] }`. */
export function parseServersConfig(document: unknown, source?: string): ServersConfig {
  if (!isObject(document) || !Array.isArray(document['servers'])) {
    throw new ConfigError('servers', 'must be a list: { "servers": [ { "id": "kr4", … } ] }');
  }
  const servers = document['servers'].map((entry, i) => parseServer(entry, `servers[${i}]`));
  const seen = new Set<string>();
  servers.forEach((server, i) => {
    if (seen.has(server.id)) {
      throw new ConfigError(`servers[${i}].id`, `"${server.id}" is listed twice`);
    }
    seen.add(server.id);
  });
  return { servers, source };
}

/**
 * Reads servers.json. A missing file is fine at the default path (only the local server is
 * known) but an error when the path was given explicitly.
 */
export function loadServersConfig(path: string, explicit: boolean): ServersConfig {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError('SERVERS_CONFIG', `${path} does not exist`);
    return { servers: DEFAULT_SERVERS, source: undefined };
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(path, `is not valid JSON (${(cause as Error).message})`, { cause });
  }
  try {
    return parseServersConfig(document, path);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new ConfigError(
        `${path}: ${error.setting}`,
        error.message.slice(error.setting.length + 2),
      );
    }
    throw error;
  }
}
