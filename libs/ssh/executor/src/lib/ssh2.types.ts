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

/** ssh2's SFTP error: `code` is the SFTP status (2 no such file, 3 permission denied, 4 failure). */
export interface Ssh2SftpError extends Error {
  code?: number | string;
}

export interface Ssh2SftpStats {
  mode: number;
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

type SftpCallback<T = void> = (error: Ssh2SftpError | undefined | null, value: T) => void;

/** The SFTP client calls this lib makes (ssh2's SFTP wrapper), callback style as ssh2 has them. */
export interface Ssh2Sftp {
  realpath(path: string, callback: SftpCallback<string>): void;
  stat(path: string, callback: SftpCallback<Ssh2SftpStats>): void;
  lstat(path: string, callback: SftpCallback<Ssh2SftpStats>): void;
  mkdir(path: string, attributes: { mode: number }, callback: SftpCallback): void;
  open(
    path: string,
    flags: 'r' | 'wx',
    attributes: { mode?: number },
    callback: SftpCallback<Buffer>,
  ): void;
  fstat(handle: Buffer, callback: SftpCallback<Ssh2SftpStats>): void;
  /** Writes all of `length`, in as many requests as the server's packet size needs. */
  write(
    handle: Buffer,
    data: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: SftpCallback,
  ): void;
  /** Reads up to `length`; 0 bytes at the end of the file. */
  read(
    handle: Buffer,
    into: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: SftpCallback<number>,
  ): void;
  close(handle: Buffer, callback: SftpCallback): void;
  unlink(path: string, callback: SftpCallback): void;
  end(): void;
  on(event: 'close', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
}
