/**
 * Which tmux server to talk to: `{ name }` becomes `tmux -L <name>`, `{ path }` becomes
 * `tmux -S <path>`. Without it tmux uses the user's default server, which is where Claude runs.
 */
export type TmuxSocket = { name: string } | { path: string };

interface ServerConfigBase {
  id: string;
  /** Another tmux server than the user's default one (tests use their own). */
  tmuxSocket?: TmuxSocket;
  /** The tmux program; `tmux` (found on PATH) unless set. */
  tmuxPath?: string;
}

/** The hub's own machine: tmux runs as a child process, no shell involved. */
export interface LocalServerConfig extends ServerConfigBase {
  type: 'local';
}

/** A machine reached over SSH with a private key. */
export interface RemoteServerConfig extends ServerConfigBase {
  type: 'remote';
  host: string;
  /** 22 unless set. */
  port?: number;
  user: string;
  /** Private key file; a leading `~` means the hub user's home folder. */
  keyPath: string;
  /** `~/.ssh/known_hosts` unless set. */
  knownHostsPath?: string;
  /** Defaults to true: the server's host key must be listed in known_hosts. */
  strictHostKeyChecking?: boolean;
}

/** One entry of config/servers.json, as far as running tmux there is concerned. */
export type ServerConfig = LocalServerConfig | RemoteServerConfig;
