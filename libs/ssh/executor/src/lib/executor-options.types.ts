/** Structured log calls in pino's argument order, so a pino logger fits as is. */
export interface ExecutorLogger {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface TmuxExecutorOptions {
  /** TCP connect plus SSH handshake and authentication. Default 5000. */
  connectTimeoutMs?: number;
  /** One tmux command, from opening the channel to its exit. Default 10000. */
  commandTimeoutMs?: number;
  /**
   * Pause between typing the text and pressing Enter. Claude Code's input debounces pastes;
   * an Enter that comes too soon is taken as part of the paste. Default 120.
   */
  submitDelayMs?: number;
  /**
   * How long `sendText` with a `shown` check watches the pane for the text before it presses
   * Enter anyway. Default 3000.
   */
  typedWaitMs?: number;
  /** Longest text `sendText` accepts, in UTF-8 bytes. Default 16384. */
  maxTextBytes?: number;
  /** SSH keep-alive: interval, and how many may go unanswered before the link counts as dead. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Commands at once over one SSH connection; sshd refuses more than MaxSessions (10). */
  maxChannelsPerServer?: number;
  /** For `~` in keyPath and the default `~/.ssh/known_hosts`. Default: the hub user's home. */
  homeDir?: string;
  logger?: ExecutorLogger;
}

export type ResolvedExecutorOptions = Required<Omit<TmuxExecutorOptions, 'logger'>> & {
  logger: ExecutorLogger;
};

export interface SendTextOptions {
  /**
   * Whether the pane's screen shows the text read: the pane is watched until it does (at most
   * `typedWaitMs`) before Enter is pressed. A program busy elsewhere reads its terminal late,
   * and an Enter already waiting there is then read together with the text, as one paste: a
   * line break in the text, not a submit. No pause can be long enough for every load; the
   * screen says when the text was read.
   */
  shown?: (screen: string) => boolean;
}
