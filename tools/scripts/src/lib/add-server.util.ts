import {
  ConfigError,
  DEFAULT_SERVERS,
  parseServersConfig,
  type RemoteServerConfig,
  type ServerConfig,
} from '@ccr/config';
import { OpsError } from '../ops.error';

/** What add-remote-server knows of a new server. */
export interface NewRemoteServer {
  id: string;
  host: string;
  port: number;
  user: string;
  keyPath: string;
  knownHostsPath: string;
  name?: string;
}

type Json = Record<string, unknown>;

export type AddServerPlan =
  /** The document to write: the file's, with the new entry at the end. */
  | { action: 'add'; document: Json }
  /** The file already lists this server with the same address, key and known_hosts. */
  | { action: 'keep' };

/** The servers.json entry for a new remote server, keys in the order the example file uses. */
export function remoteServerEntry(server: NewRemoteServer): Json {
  return {
    id: server.id,
    type: 'remote',
    ...(server.name ? { name: server.name } : {}),
    host: server.host,
    port: server.port,
    user: server.user,
    keyPath: server.keyPath,
    knownHostsPath: server.knownHostsPath,
    strictHostKeyChecking: true,
  };
}

/**
 * A message about entry `index` without the entry's name (`servers[2] (kr5).`), for messages
 * about the new server, which the user names by its options; others are left as they are.
 */
function withoutEntryName(message: string, index: number): string {
  const name = new RegExp(`^servers\\[${index}\\]( \\([^)]*\\))?\\.`);
  return message.replace(name, '');
}

/** `dev@10.0.0.5:22`, or "the local server". */
export function describeServer(server: ServerConfig): string {
  return server.type === 'local'
    ? 'the local server'
    : `${server.user}@${server.host}:${server.port} (key ${server.keyPath})`;
}

function sameConnection(a: ServerConfig, b: RemoteServerConfig): boolean {
  return (
    a.type === 'remote' &&
    a.host === b.host &&
    a.port === b.port &&
    a.user === b.user &&
    a.keyPath === b.keyPath &&
    a.knownHostsPath === b.knownHostsPath
  );
}

/**
 * Decides what adding `server` does to the servers.json document (undefined: no file yet, so
 * the hub knows only the local server, which the new file keeps). Every rule is the hub's own
 * (parseServersConfig); a problem is named as the field of the new entry or of the file.
 */
export function planAddServer(
  document: unknown,
  server: NewRemoteServer,
  fileName: string,
): AddServerPlan {
  const base: unknown = document ?? { servers: DEFAULT_SERVERS.map((entry) => ({ ...entry })) };
  let current: ServerConfig[];
  try {
    current = parseServersConfig(base).servers;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new OpsError(`${fileName} is not valid (${error.message}); fix it first`);
  }
  const entry = remoteServerEntry(server);
  const index = current.length;
  let wanted: RemoteServerConfig;
  try {
    const checked = parseServersConfig({ servers: [entry] }).servers[0];
    wanted = checked as RemoteServerConfig;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new OpsError(`the new server: ${withoutEntryName(error.message, 0)}`);
  }
  const existing = current.find((candidate) => candidate.id === server.id);
  if (existing) {
    if (sameConnection(existing, wanted)) return { action: 'keep' };
    throw new OpsError(
      `server "${server.id}" is already in ${fileName} as ${describeServer(existing)}; ` +
        'choose another id, or remove or edit that entry first',
    );
  }
  const servers = (base as { servers: unknown[] }).servers;
  const next: Json = { ...(base as Json), servers: [...servers, entry] };
  try {
    parseServersConfig(next);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const field = withoutEntryName(error.message, index);
    throw new OpsError(field === error.message ? field : `the new server: ${field}`);
  }
  return { action: 'add', document: next };
}
