export {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_TEXT_BYTES,
  DEFAULT_SUBMIT_DELAY_MS,
  MAX_CAPTURE_LINES,
  MAX_TYPED_LINE_BYTES,
} from './lib/executor.constant';
export { ExecutorError, ExecutorErrorCode, isExecutorError } from './lib/executor.error';
export type {
  ExecutorLogger,
  SendTextOptions,
  TmuxExecutorOptions,
} from './lib/executor-options.types';
export type { FileInfo, FileKind, FileSource } from './lib/file-access.types';
export {
  checkHostKey,
  knownHostsName,
  parseKnownHosts,
  type HostKeyCheck,
  type KnownHostEntry,
} from './lib/known-hosts.util';
export type { OpenedWindow, OpenWindowRequest } from './lib/open-window.util';
export { quoteShellArg, toShellCommand } from './lib/quote-shell-arg.util';
export type {
  LocalServerConfig,
  RemoteServerConfig,
  ServerConfig,
  TmuxSocket,
} from './lib/server-config.types';
export { fingerprintOf } from './lib/ssh-error.util';
export { TmuxExecutor } from './lib/tmux.executor';
export { ALLOWED_TMUX_KEYS, MAX_KEYS_PER_CALL, type TmuxKey } from './lib/tmux-key.constant';
