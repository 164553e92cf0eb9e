import { createHash } from 'node:crypto';
import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { HostKeyCheck } from './known-hosts.util';
import { keyTypeOfBlob } from './known-hosts.util';
import type { Ssh2Error } from './ssh2.types';

/** What a connection attempt knew, so that its error can say what to check. */
export interface ConnectContext {
  serverId: string;
  host: string;
  port: number;
  user: string;
  keyPath: string;
  knownHostsPath: string;
  knownHostsMissing: boolean;
  connectTimeoutMs: number;
  /** Set when the host key was checked. */
  hostKeyCheck?: HostKeyCheck;
  presentedKey?: Buffer;
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

function where(ctx: ConnectContext): string {
  return `server "${ctx.serverId}" (${ctx.host}:${ctx.port})`;
}

function knownHostsName(ctx: ConnectContext): string {
  return ctx.port === 22 ? ctx.host : `[${ctx.host}]:${ctx.port}`;
}

function presented(ctx: ConnectContext): string {
  if (!ctx.presentedKey) return 'a host key';
  const type = keyTypeOfBlob(ctx.presentedKey) ?? 'unknown-type';
  return `the ${type} host key ${fingerprintOf(ctx.presentedKey)}`;
}

function hostKeyError(ctx: ConnectContext, check: HostKeyCheck, cause: unknown): ExecutorError {
  const options = { serverId: ctx.serverId, cause };
  switch (check.status) {
    case 'mismatch':
      return new ExecutorError(
        ExecutorErrorCode.HostKeyMismatch,
        `HOST KEY MISMATCH for ${where(ctx)}: it presented ${presented(ctx)}, but ` +
          `${ctx.knownHostsPath} lists another ${check.knownTypes.join('/')} key for it ` +
          `(line ${check.lines.join(', ')}). Someone may be intercepting the connection, or the ` +
          `server was reinstalled. If you are sure it is the latter, remove the old entry ` +
          `(ssh-keygen -R '${knownHostsName(ctx)}' -f ${ctx.knownHostsPath}) and record the ` +
          'new key after checking its fingerprint.',
        options,
      );
    case 'revoked':
      return new ExecutorError(
        ExecutorErrorCode.HostKeyMismatch,
        `${where(ctx)} presented ${presented(ctx)}, which ${ctx.knownHostsPath} marks as ` +
          `@revoked (line ${check.line}). Do not connect until the server has a new key.`,
        options,
      );
    default:
      return new ExecutorError(
        ExecutorErrorCode.HostKeyUnknown,
        `${where(ctx)} is not listed in ${ctx.knownHostsPath}` +
          `${ctx.knownHostsMissing ? ' (the file does not exist)' : ''}; it presented ` +
          `${presented(ctx)}. Connect once by hand (ssh -p ${ctx.port} ${ctx.user}@${ctx.host}) ` +
          'to check and record the key, or set "knownHostsPath" to a file that lists it, or ' +
          'turn checking off for this server with "strictHostKeyChecking": false.',
        options,
      );
  }
}

/** Turns whatever a failed connection attempt threw into an error a person can act on. */
export function connectError(error: unknown, ctx: ConnectContext): ExecutorError {
  if (error instanceof ExecutorError) return error;
  const err = (error ?? {}) as Ssh2Error;
  const message = typeof err.message === 'string' ? err.message : String(error);
  const options = { serverId: ctx.serverId, cause: error };

  if (ctx.hostKeyCheck && ctx.hostKeyCheck.status !== 'known') {
    return hostKeyError(ctx, ctx.hostKeyCheck, error);
  }
  if (err.level === 'client-authentication') {
    return new ExecutorError(
      ExecutorErrorCode.AuthFailed,
      `${where(ctx)} refused the key ${ctx.keyPath} for user "${ctx.user}". Check that its ` +
        `public key is in ~${ctx.user}/.ssh/authorized_keys on the server and that the user ` +
        'name is right.',
      options,
    );
  }
  if (/privateKey|private key|passphrase/i.test(message)) {
    return new ExecutorError(
      ExecutorErrorCode.AuthFailed,
      `The private key ${ctx.keyPath} for ${where(ctx)} cannot be used: ${message}. It must ` +
        'be an unencrypted OpenSSH or PEM private key.',
      options,
    );
  }
  // node-ssh's words (with code ETIMEDOUT) for a server that closed the connection before
  // authentication finished; no timer ran out.
  if (message === 'No response from server' || err.code === 'ECONNRESET') {
    return new ExecutorError(
      ExecutorErrorCode.ServerUnreachable,
      `${where(ctx)} closed the connection before the hub was logged in. Check sshd's log ` +
        'there (MaxStartups, AllowUsers, DenyUsers, a firewall that resets connections).',
      options,
    );
  }
  switch (err.code) {
    case 'ECONNREFUSED':
      return new ExecutorError(
        ExecutorErrorCode.ConnectionRefused,
        `Connection refused by ${where(ctx)}: nothing listens on port ${ctx.port}. Check that ` +
          'sshd runs there and that the port is right.',
        options,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ExecutorError(
        ExecutorErrorCode.ServerUnreachable,
        `The host name "${ctx.host}" of server "${ctx.serverId}" does not resolve. Check the ` +
          '"host" field and DNS.',
        options,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new ExecutorError(
        ExecutorErrorCode.ServerUnreachable,
        `No route to ${where(ctx)} (${err.code}). Check that the host is up and the network ` +
          'between it and the hub.',
        options,
      );
    case 'ETIMEDOUT':
      return timeoutError(ctx, error);
    default:
      break;
  }
  if (err.level === 'client-timeout') return timeoutError(ctx, error);
  return new ExecutorError(
    ExecutorErrorCode.ServerUnreachable,
    `Cannot open an SSH connection to ${where(ctx)}: ${message}. Check that sshd runs there ` +
      'and accepts the hub (its log says why it closed the connection).',
    options,
  );
}

export function timeoutError(ctx: ConnectContext, cause?: unknown): ExecutorError {
  return new ExecutorError(
    ExecutorErrorCode.ConnectTimeout,
    `No SSH connection to ${where(ctx)} within ${ctx.connectTimeoutMs} ms. Check that the ` +
      "host is up, that the port is sshd's, and that no firewall drops the traffic.",
    { serverId: ctx.serverId, cause },
  );
}
