import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { Ssh2SftpError } from './ssh2.types';

/** What a file error is about: the operation (`write`), the path, and the server. */
export interface FileErrorContext {
  serverId: string;
  operation: string;
  path: string;
}

/** SFTP status codes (protocol version 3), as ssh2 puts them in `code`. */
const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

function where(context: FileErrorContext): string {
  return `${context.path} on server "${context.serverId}"`;
}

export function fileNotFound(context: FileErrorContext, cause?: unknown): ExecutorError {
  return new ExecutorError(
    ExecutorErrorCode.FileNotFound,
    `Cannot ${context.operation} ${where(context)}: no such file or folder.`,
    { serverId: context.serverId, cause },
  );
}

export function fileTooLarge(
  context: FileErrorContext,
  maxBytes: number,
  size?: number,
): ExecutorError {
  return new ExecutorError(
    ExecutorErrorCode.FileTooLarge,
    `${where(context)} ${size === undefined ? 'holds more than' : `holds ${size} bytes, more than`} ` +
      `the ${maxBytes} bytes allowed.`,
    { serverId: context.serverId },
  );
}

export function fileFailed(
  context: FileErrorContext,
  reason: string,
  cause?: unknown,
): ExecutorError {
  return new ExecutorError(
    ExecutorErrorCode.FileFailed,
    `Cannot ${context.operation} ${where(context)}: ${reason}.`,
    { serverId: context.serverId, cause },
  );
}

function accessDenied(context: FileErrorContext, cause: unknown): ExecutorError {
  return new ExecutorError(
    ExecutorErrorCode.FileAccessDenied,
    `Cannot ${context.operation} ${where(context)}: permission denied.`,
    { serverId: context.serverId, cause },
  );
}

/** A Node fs error on the hub, as an ExecutorError. */
export function localFileError(error: unknown, context: FileErrorContext): ExecutorError {
  if (error instanceof ExecutorError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return fileNotFound(context, error);
    case 'EEXIST':
      return new ExecutorError(
        ExecutorErrorCode.FileExists,
        `Cannot ${context.operation} ${where(context)}: something is already there.`,
        { serverId: context.serverId, cause: error },
      );
    case 'EACCES':
    case 'EPERM':
      return accessDenied(context, error);
    case 'ENOSPC':
      return fileFailed(context, 'no space left on the device', error);
    case 'EISDIR':
      return fileFailed(context, 'it is a folder', error);
    default:
      return fileFailed(context, code ?? (error as Error).message, error);
  }
}

/** An SFTP status error, as an ExecutorError. */
export function sftpFileError(error: unknown, context: FileErrorContext): ExecutorError {
  if (error instanceof ExecutorError) return error;
  const code = (error as Ssh2SftpError).code;
  if (code === SFTP_NO_SUCH_FILE) return fileNotFound(context, error);
  if (code === SFTP_PERMISSION_DENIED) return accessDenied(context, error);
  return fileFailed(context, (error as Error).message || 'the SFTP server refused', error);
}
