import type { ServerConfig as ConfiguredServer } from '@ccr/config';
import type { ServerConfig as ExecutorServer } from '@ccr/ssh-executor';

/**
 * The executor's entry for a servers.json entry: the fields that reach tmux and SSH, and
 * nothing else (a server's signing secret has no business there).
 */
export function toExecutorServer(server: ConfiguredServer): ExecutorServer {
  const tmux = {
    ...(server.tmuxSocket ? { tmuxSocket: server.tmuxSocket } : {}),
    ...(server.tmuxPath ? { tmuxPath: server.tmuxPath } : {}),
  };
  if (server.type === 'local') return { id: server.id, type: 'local', ...tmux };
  return {
    id: server.id,
    type: 'remote',
    host: server.host,
    port: server.port,
    user: server.user,
    keyPath: server.keyPath,
    ...(server.knownHostsPath ? { knownHostsPath: server.knownHostsPath } : {}),
    strictHostKeyChecking: server.strictHostKeyChecking,
    ...tmux,
  };
}

/** `dev@10.0.0.4:22`, or `this machine` for a local server: where a server is, for messages. */
export function serverAddress(server: ConfiguredServer): string {
  return server.type === 'local' ? 'this machine' : `${server.user}@${server.host}:${server.port}`;
}

/** The command that checks by hand what the bot could not do, for messages. */
export function sshCheckCommand(server: ConfiguredServer): string | undefined {
  if (server.type === 'local') return undefined;
  const port = server.port === 22 ? '' : `-p ${server.port} `;
  return `ssh ${port}${server.user}@${server.host}`;
}
