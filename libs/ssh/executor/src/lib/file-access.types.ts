/** What is at a path, links followed. */
export type FileKind = 'file' | 'directory' | 'other';

export interface FileInfo {
  kind: FileKind;
  /** In bytes. */
  size: number;
  /** Permission bits, such as 0o700. */
  mode: number;
}

/** Bytes to write: all at once, or as they arrive (a download). */
export type FileSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * File operations on one server, each a single step: over SFTP on the server's SSH
 * connection, or with Node's fs on the hub. Paths are absolute; errors are ExecutorErrors.
 */
export interface FileAccess {
  /** The (SSH) user's home folder there. */
  home(): Promise<string>;
  /** null when nothing is there. */
  stat(path: string): Promise<FileInfo | null>;
  /** The path with every symbolic link, `.` and `..` resolved; FileNotFound when it is not there. */
  realpath(path: string): Promise<string>;
  /** One folder; its parent must exist. */
  mkdir(path: string, mode: number): Promise<void>;
  /** Creates a new file (FileExists when one is there) and writes every chunk in order. */
  write(path: string, chunks: AsyncIterable<Uint8Array>, mode: number): Promise<void>;
  /** The whole file, if it holds at most `maxBytes` (checked before and while reading). */
  read(path: string, maxBytes: number): Promise<Buffer>;
  remove(path: string): Promise<void>;
}
