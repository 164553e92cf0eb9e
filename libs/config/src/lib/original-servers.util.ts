import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from './config.error';

/**
 * The original multi-server scripts wrote servers.json in another shape:
 *
 *     { "central": { "webhookPort": 3000, "notificationPort": 3001, "ngrokEnabled": true,
 *                    "sharedSecret": "…" },
 *       "servers": [ { "id": "kr4", "alias": "kr4", "type": "remote", "hostname": "…",
 *                      "ssh": { "user": "…", "port": 22, "keyPath": "~/.ssh/id_ed25519" } } ] }
 *
 * The functions here turn an entry of that shape into today's flat one, remembering which
 * field each value was written as, so that servers.config.ts validates both shapes with one set
 * of rules and names the field the user wrote.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The hub settings of the original `central` block: defaults for NOTIFY_PORT, WEBHOOK_PORT,
 * SHARED_SECRET and NGROK_ENABLED when the environment does not set them.
 */
export interface CentralSettings {
  notificationPort?: number;
  webhookPort?: number;
  sharedSecret?: string;
  ngrokEnabled?: boolean;
}

/** The environment variable each `central` field stands in for. */
export const CENTRAL_VARIABLES = {
  notificationPort: 'NOTIFY_PORT',
  webhookPort: 'WEBHOOK_PORT',
  sharedSecret: 'SHARED_SECRET',
  ngrokEnabled: 'NGROK_ENABLED',
} as const satisfies Record<keyof CentralSettings, string>;

/** A field name as a message shows it: odd names (spaces, line breaks) quoted. */
export function fieldLabel(key: string): string {
  return /^[A-Za-z0-9_$-]+$/.test(key) ? key : JSON.stringify(key);
}

/** A TCP port as servers.json writes it: a JSON number, not text. */
export function parsePort(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw new ConfigError(field, 'must be a whole number from 1 to 65535');
  }
  return value;
}

/**
 * Validates the `central` block's types (ports, a secret as text, ngrokEnabled as a boolean);
 * whether the secret is fit to use is decided where it is used, since the environment's
 * SHARED_SECRET wins over it. Unknown fields are added to `unknown`.
 */
export function parseCentral(value: unknown, unknown: string[]): CentralSettings {
  if (value === undefined) return {};
  if (!isObject(value)) {
    throw new ConfigError('central', 'must be an object: { "notificationPort": 3001, … }');
  }
  const central: CentralSettings = {};
  for (const [key, field] of Object.entries(value)) {
    const at = `central.${fieldLabel(key)}`;
    switch (key) {
      case 'notificationPort':
      case 'webhookPort':
        central[key] = parsePort(field, at);
        break;
      case 'sharedSecret':
        if (typeof field !== 'string' || field.trim() === '') {
          throw new ConfigError(at, 'must be a non-empty string');
        }
        central.sharedSecret = field.trim();
        break;
      case 'ngrokEnabled':
        if (typeof field !== 'boolean') throw new ConfigError(at, 'must be true or false');
        central.ngrokEnabled = field;
        break;
      default:
        unknown.push(at);
    }
  }
  return central;
}

/** Today's field → the original shape's name for it. */
const ORIGINAL_NAMES: Readonly<Record<string, string>> = {
  host: 'hostname',
  name: 'alias',
  user: 'ssh.user',
  port: 'ssh.port',
  keyPath: 'ssh.keyPath',
  knownHostsPath: 'ssh.knownHostsPath',
};

const SSH_FIELDS = ['user', 'port', 'keyPath', 'knownHostsPath'];

export interface FlatServerEntry {
  /** The entry in today's shape. */
  entry: Json;
  /** The field a message should name for a flat field: what the user wrote, or would write. */
  fieldName(key: string): string;
}

/**
 * Today's shape of one servers.json entry, whichever shape it was written in: `hostname` →
 * `host`, `alias` → `name`, the `ssh` object's `user`, `port`, `keyPath` and `knownHostsPath` →
 * the fields of those names. A value given twice, once in each shape, must be the same: a
 * server whose `host` and `hostname` differ stops the hub, naming both. `at` names the entry
 * in messages; fields of `ssh` that mean nothing here are added to `unknown`.
 */
export function flattenServerEntry(raw: Json, at: string, unknown: string[]): FlatServerEntry {
  const entry: Json = { ...raw };
  const written = new Map<string, string>();
  const take = (key: string, originalName: string, value: unknown): void => {
    const other = written.get(key) ?? key;
    if (entry[key] !== undefined && !isDeepStrictEqual(entry[key], value)) {
      throw new ConfigError(
        at,
        `${other} ${JSON.stringify(entry[key])} and ${originalName} ${JSON.stringify(value)} ` +
          'differ: keep one of them',
      );
    }
    entry[key] = value;
    written.set(key, originalName);
  };

  for (const key of ['host', 'name']) {
    const originalName = ORIGINAL_NAMES[key];
    if (raw[originalName] === undefined) continue;
    delete entry[originalName];
    take(key, originalName, raw[originalName]);
  }
  const ssh = raw['ssh'];
  if (ssh !== undefined) {
    if (!isObject(ssh)) {
      throw new ConfigError(
        `${at}.ssh`,
        'must be an object: { "user": …, "port": …, "keyPath": … }',
      );
    }
    delete entry['ssh'];
    for (const [key, value] of Object.entries(ssh)) {
      if (SSH_FIELDS.includes(key)) take(key, `ssh.${key}`, value);
      else unknown.push(`${at}.ssh.${fieldLabel(key)}`);
    }
  }
  // An entry written in the original shape is told what is missing in that shape's words.
  const original = ssh !== undefined || raw['hostname'] !== undefined;
  return {
    entry,
    fieldName: (key) =>
      written.get(key) ?? (original && raw[key] === undefined ? ORIGINAL_NAMES[key] : key) ?? key,
  };
}
