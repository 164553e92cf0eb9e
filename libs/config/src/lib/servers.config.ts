import { existsSync, readFileSync } from 'node:fs';
import { SERVER_ID_PATTERN } from '@ccr/protocol';
import { ConfigError } from './config.error';
import { parseLaunchFields, type LaunchFields } from './launch-settings.util';
import {
  fieldLabel,
  flattenServerEntry,
  isObject,
  parseCentral,
  parsePort,
  type CentralSettings,
  type Json,
} from './original-servers.util';
import { secretProblem } from './shared-secret.util';

/**
 * Which tmux server Claude runs in: `{ name }` is `tmux -L <name>`, `{ path }` is
 * `tmux -S <path>`. Absent: the user's default tmux server.
 */
export type TmuxSocketConfig = { name: string } | { path: string };

/**
 * What /new needs besides the connection: `projects`, `allowAnyFolder`, `claudeCommand` and
 * `tmuxSession`, each only when the entry sets it; `launchSettingsOf` fills in the defaults.
 */
interface ServerBase extends LaunchFields {
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
  /**
   * Where files sent from Telegram are put on that server, one folder per session; absent:
   * DEFAULT_INBOX. `~/…` is the (SSH) user's home there.
   */
  inbox?: string;
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
  /** The original shape's hub settings: defaults for the environment (app-config.util.ts). */
  central: CentralSettings;
  /** Worth a line in the log at start: fields that mean nothing here. */
  warnings: string[];
}

/** Each server's inbox unless its entry gives `inbox`. */
export const DEFAULT_INBOX = '~/.cache/ccr/inbox';

/** With no servers.json, the hub knows only its own machine. */
export const DEFAULT_SERVERS: ServerConfig[] = [{ id: 'local', type: 'local' }];

/** Every field an entry may have, in either shape; others are named in one warning. */
const KNOWN_SERVER_FIELDS = new Set([
  'id',
  'type',
  'name',
  'secret',
  'tmuxSocket',
  'tmuxPath',
  'inbox',
  'projects',
  'allowAnyFolder',
  'claudeCommand',
  'tmuxSession',
  'host',
  'port',
  'user',
  'keyPath',
  'knownHostsPath',
  'strictHostKeyChecking',
  'hostname',
  'alias',
  'ssh',
]);

const KNOWN_TOP_LEVEL_FIELDS = new Set(['servers', 'central']);

/** Reads a field of a flat entry, naming it as the user wrote it. */
class EntryReader {
  constructor(
    readonly entry: Json,
    private readonly at: string,
    private readonly fieldName: (key: string) => string,
  ) {}

  field(key: string): string {
    return `${this.at}.${this.fieldName(key)}`;
  }

  optionalString(key: string): string | undefined {
    const value = this.entry[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new ConfigError(this.field(key), 'must be a non-empty string');
    }
    return value;
  }

  requiredString(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) {
      throw new ConfigError(this.field(key), 'is required for a remote server');
    }
    return value;
  }
}

/** tmux socket names become file names in tmux's folder: no slashes, nothing odd. */
const TMUX_SOCKET_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A folder on the server: absolute, or in the user's home; plain segments only. */
function parseInbox(reader: EntryReader): string | undefined {
  const inbox = reader.optionalString('inbox');
  if (inbox === undefined) return undefined;
  const field = reader.field('inbox');
  if (CONTROL.test(inbox)) throw new ConfigError(field, 'must not hold control characters');
  if (!inbox.startsWith('/') && !inbox.startsWith('~/')) {
    throw new ConfigError(
      field,
      'must be an absolute path or start with ~/ (such as ~/.cache/ccr/inbox)',
    );
  }
  const segments = inbox.replace(/^~\//, '').split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    throw new ConfigError(field, 'must not hold "." or ".." segments');
  }
  if (inbox.replace(/\/+$/, '') === '' || inbox.replace(/\/+$/, '') === '~') {
    throw new ConfigError(field, 'must be a folder of its own, not / or ~ itself');
  }
  return inbox.replace(/\/+$/, '');
}

function parseTmuxSocket(reader: EntryReader): TmuxSocketConfig | undefined {
  const value = reader.entry['tmuxSocket'];
  if (value === undefined) return undefined;
  const field = reader.field('tmuxSocket');
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

/**
 * One entry, in either shape: flattened first (original-servers.util.ts), then held to
 * today's rules. Messages name the entry by its index and id and the field as written.
 */
function parseServer(raw: unknown, index: number, unknown: string[]): ServerConfig {
  const position = `servers[${index}]`;
  if (!isObject(raw)) throw new ConfigError(position, 'must be an object');
  const id = raw['id'];
  if (typeof id !== 'string' || !SERVER_ID_PATTERN.test(id)) {
    throw new ConfigError(
      `${position}.id`,
      'must be 1–32 letters, digits, "-" or "_", starting with a letter or digit (such as "kr4")',
    );
  }
  const at = `${position} (${id})`;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_SERVER_FIELDS.has(key)) unknown.push(`${at}.${fieldLabel(key)}`);
  }
  const { entry, fieldName } = flattenServerEntry(raw, at, unknown);
  const reader = new EntryReader(entry, at, fieldName);

  const name = reader.optionalString('name');
  const secret = reader.optionalString('secret');
  const secretIssue = secret === undefined ? undefined : secretProblem(secret);
  if (secretIssue) throw new ConfigError(reader.field('secret'), secretIssue);
  const tmuxSocket = parseTmuxSocket(reader);
  const tmuxPath = reader.optionalString('tmuxPath');
  if (tmuxPath !== undefined && CONTROL.test(tmuxPath)) {
    throw new ConfigError(reader.field('tmuxPath'), 'must not hold control characters');
  }
  const inbox = parseInbox(reader);
  const base = {
    id,
    ...(name ? { name } : {}),
    ...(secret ? { secret } : {}),
    ...(tmuxSocket ? { tmuxSocket } : {}),
    ...(tmuxPath ? { tmuxPath } : {}),
    ...(inbox ? { inbox } : {}),
    ...parseLaunchFields(entry, (key) => reader.field(key)),
  };

  switch (entry['type']) {
    case 'local':
      // The SSH fields, and the original shape's `hostname: "localhost"`, mean nothing here.
      return { ...base, type: 'local' };
    case 'remote': {
      const port = parsePort(entry['port'] ?? 22, reader.field('port'));
      const strict = entry['strictHostKeyChecking'] ?? true;
      if (typeof strict !== 'boolean') {
        throw new ConfigError(reader.field('strictHostKeyChecking'), 'must be true or false');
      }
      const knownHostsPath = reader.optionalString('knownHostsPath');
      return {
        ...base,
        type: 'remote',
        host: reader.requiredString('host'),
        port,
        user: reader.requiredString('user'),
        keyPath: reader.requiredString('keyPath'),
        ...(knownHostsPath ? { knownHostsPath } : {}),
        strictHostKeyChecking: strict,
      };
    }
    default:
      throw new ConfigError(reader.field('type'), 'must be "local" or "remote"');
  }
}

/**
 * Validates the parsed contents of servers.json: `{ "servers": [ … ] }`, or the original
 * scripts' shape with a `central` block (original-servers.util.ts). Fields that mean nothing
 * here are named in one warning.
 */
export function parseServersConfig(document: unknown, source?: string): ServersConfig {
  if (!isObject(document) || !Array.isArray(document['servers'])) {
    throw new ConfigError('servers', 'must be a list: { "servers": [ { "id": "kr4", … } ] }');
  }
  const unknown = Object.keys(document)
    .filter((key) => !KNOWN_TOP_LEVEL_FIELDS.has(key))
    .map(fieldLabel);
  const central = parseCentral(document['central'], unknown);
  const servers = document['servers'].map((entry, i) => parseServer(entry, i, unknown));
  const seen = new Map<string, number>();
  servers.forEach((server, i) => {
    const first = seen.get(server.id);
    if (first !== undefined) {
      throw new ConfigError(
        `servers[${i}] (${server.id}).id`,
        `"${server.id}" is listed twice (servers[${first}] too)`,
      );
    }
    seen.set(server.id, i);
  });
  const warnings =
    unknown.length === 0 ? [] : [`fields that mean nothing here, ignored: ${unknown.join(', ')}`];
  return { servers, source, central, warnings };
}

/**
 * Reads servers.json. A missing file is fine at the default path (only the local server is
 * known) but an error when the path was given explicitly. Errors and warnings start with the
 * file's path.
 */
export function loadServersConfig(path: string, explicit: boolean): ServersConfig {
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError('SERVERS_CONFIG', `${path} does not exist`);
    return { servers: DEFAULT_SERVERS, source: undefined, central: {}, warnings: [] };
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ConfigError(path, `is not valid JSON (${(cause as Error).message})`, { cause });
  }
  try {
    const config = parseServersConfig(document, path);
    return { ...config, warnings: config.warnings.map((warning) => `${path}: ${warning}`) };
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
