export enum ExecutorErrorCode {
  /** The host name did not resolve, the network is unreachable, or the connection dropped. */
  ServerUnreachable = 'SERVER_UNREACHABLE',
  /** Nothing listens on the SSH port. */
  ConnectionRefused = 'CONNECTION_REFUSED',
  /** The TCP connection or the SSH handshake did not finish in time. */
  ConnectTimeout = 'CONNECT_TIMEOUT',
  /** The server refused the private key, or the key could not be read. */
  AuthFailed = 'AUTH_FAILED',
  /** known_hosts lists this host with another key: possibly someone in the middle. */
  HostKeyMismatch = 'HOST_KEY_MISMATCH',
  /** known_hosts does not list this host at all. */
  HostKeyUnknown = 'HOST_KEY_UNKNOWN',
  /** The tmux pane (or its whole tmux server) no longer exists. */
  PaneGone = 'PANE_GONE',
  /** tmux is not installed (or not on PATH) on that server. */
  TmuxMissing = 'TMUX_MISSING',
  /** The folder to start a program in is not there, not a folder, or cannot be entered. */
  FolderMissing = 'FOLDER_MISSING',
  /** The program to start is not on that server's PATH (or not executable). */
  CommandNotFound = 'COMMAND_NOT_FOUND',
  /** tmux failed for another reason; the message carries its stderr. */
  TmuxFailed = 'TMUX_FAILED',
  /** A command did not finish in time. */
  CommandTimeout = 'COMMAND_TIMEOUT',
  /** The text is longer than the limit. */
  TextTooLong = 'TEXT_TOO_LONG',
  /** The text holds control characters that a terminal would act on. */
  InvalidText = 'INVALID_TEXT',
  /** The tmux target is not a pane id such as `%3` or `session:window.pane`. */
  InvalidTarget = 'INVALID_TARGET',
  /** A key name that is not on the allow-list. */
  InvalidKey = 'INVALID_KEY',
  /** Another argument is out of range (such as the number of lines to capture). */
  InvalidArgument = 'INVALID_ARGUMENT',
  /** A file or folder the call names does not exist there (or a part of its path). */
  FileNotFound = 'FILE_NOT_FOUND',
  /** A new file was to be made where one already is. */
  FileExists = 'FILE_EXISTS',
  /** A file is, or turned out while it was read or written to be, larger than allowed. */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** The (SSH) user may not read or write there. */
  FileAccessDenied = 'FILE_ACCESS_DENIED',
  /** Another file failure: no SFTP on that server, no space left, not a folder… */
  FileFailed = 'FILE_FAILED',
  /** The server entry lacks a field the executor needs. */
  InvalidServerConfig = 'INVALID_SERVER_CONFIG',
  /** `close()` was called; the executor takes no more commands. */
  Closed = 'CLOSED',
}

export interface ExecutorErrorOptions {
  serverId?: string;
  cause?: unknown;
}

/**
 * Everything the executor throws. `message` is meant for a person: it names the server and,
 * for connection problems, host and port, and says what to check.
 */
export class ExecutorError extends Error {
  readonly serverId: string | undefined;

  constructor(
    readonly code: ExecutorErrorCode,
    message: string,
    options: ExecutorErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ExecutorError';
    this.serverId = options.serverId;
  }
}

export function isExecutorError(value: unknown, code?: ExecutorErrorCode): value is ExecutorError {
  return value instanceof ExecutorError && (code === undefined || value.code === code);
}
