import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { RemoteServerConfig, ServerConfig } from './server-config.types';

function invalid(serverId: string, field: string, problem: string): ExecutorError {
  return new ExecutorError(
    ExecutorErrorCode.InvalidServerConfig,
    `servers.json: server "${serverId}": "${field}" ${problem}.`,
    { serverId },
  );
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/**
 * The config loader validates servers.json; this catches what reaches the executor by other
 * paths, so that a bad entry fails with its field named instead of deep inside ssh2.
 */
export function assertServerConfig(server: ServerConfig): void {
  const id = nonEmpty(server?.id) ? server.id : '?';
  if (!nonEmpty(server?.id)) throw invalid(id, 'id', 'must be a non-empty string');
  const socket = server.tmuxSocket;
  if (socket !== undefined) {
    const value = 'path' in socket ? socket.path : 'name' in socket ? socket.name : undefined;
    if (!nonEmpty(value)) throw invalid(id, 'tmuxSocket', 'must be { "name": … } or { "path": … }');
  }
  if (server.tmuxPath !== undefined && !nonEmpty(server.tmuxPath)) {
    throw invalid(id, 'tmuxPath', 'must be a non-empty string');
  }
  if (server.type === 'local') return;
  if (server.type !== 'remote') throw invalid(id, 'type', 'must be "local" or "remote"');
  for (const field of ['host', 'user', 'keyPath'] as const) {
    if (!nonEmpty(server[field])) throw invalid(id, field, 'is required for a remote server');
  }
  const port = server.port;
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) {
    throw invalid(id, 'port', 'must be a whole number from 1 to 65535');
  }
  if (server.knownHostsPath !== undefined && !nonEmpty(server.knownHostsPath)) {
    throw invalid(id, 'knownHostsPath', 'must be a non-empty string');
  }
}

/** What decides the SSH connection; a server whose entry changed gets a new one. */
export function connectionFingerprint(server: RemoteServerConfig): string {
  return JSON.stringify([
    server.host,
    server.port ?? 22,
    server.user,
    server.keyPath,
    server.knownHostsPath ?? null,
    server.strictHostKeyChecking !== false,
  ]);
}
