/**
 * The few parts of ssh2's client and channel this lib touches. ssh2 ships no type
 * declarations and `@types/ssh2` is not installed, so node-ssh's `connection` is untyped;
 * these interfaces say what is relied on.
 */
export interface Ssh2Client {
  on(event: 'error', listener: (error: Ssh2Error) => void): this;
  on(event: 'close' | 'end', listener: () => void): this;
  once(event: 'close', listener: () => void): this;
  setNoDelay(noDelay?: boolean): this;
  /** Sends SSH_MSG_DISCONNECT and half-closes the socket. */
  end(): this;
  /** Does nothing once end() has been called. */
  destroy(): this;
  /**
   * ssh2's socket (internal): the only way to drop a connection whose peer never answered
   * end(), since destroy() no longer acts then.
   */
  _sock?: { destroy(): void };
}

export interface Ssh2Channel {
  close(): void;
}

/** ssh2 marks where an error came from: `client-socket`, `client-timeout`, `client-authentication`, `handshake`, `protocol`… */
export interface Ssh2Error extends Error {
  level?: string;
  code?: string;
}
