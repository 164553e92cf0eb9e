import { ELLIPSIS, clipText } from '@ccr/shared-util';

export enum SessionErrorCode {
  InvalidRef = 'SESSION_INVALID_REF',
  NotFound = 'SESSION_NOT_FOUND',
  Expired = 'SESSION_EXPIRED',
  /** Claude exited: nothing is typed into what is left of its pane. */
  Ended = 'SESSION_ENDED',
}

/** Input is echoed back in messages; a paste of a whole paragraph should not be. */
const MAX_ECHOED_CHARS = 40;

function echo(input: string): string {
  const text = input.trim();
  return clipText(text, MAX_ECHOED_CHARS + ELLIPSIS.length);
}

/** `2026-11-24 09:01 UTC`: the same for every reader, whatever the hub's time zone. */
function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * A session could not be used. Messages are written for the person who typed the reference,
 * so the apps can show them as they are.
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';

  constructor(
    readonly code: SessionErrorCode,
    message: string,
    /** The reference as typed, or the session's public name. */
    readonly ref?: string,
    /** For Expired: when the session stopped being live. */
    readonly expiredAt?: Date,
  ) {
    super(message);
  }

  static invalidRef(input: string): SessionError {
    return new SessionError(
      SessionErrorCode.InvalidRef,
      `"${echo(input)}" is not a session. Use its name, such as kr4:1, or its 8-character token; /sessions lists live ones.`,
      input,
    );
  }

  static notFound(ref: string): SessionError {
    return new SessionError(
      SessionErrorCode.NotFound,
      `No session ${echo(ref)}. Check the name or token; /sessions lists live ones.`,
      ref,
    );
  }

  static expired(name: string, expiredAt: Date, lastEventAt?: Date): SessionError {
    const last = lastEventAt ? `; its last notification came at ${formatUtc(lastEventAt)}` : '';
    return new SessionError(
      SessionErrorCode.Expired,
      `Session ${name} expired at ${formatUtc(expiredAt)}${last}. ` +
        'The next notification from that Claude session starts a new session with a new name; ' +
        '/sessions lists live ones.',
      name,
      expiredAt,
    );
  }

  static ended(name: string, endedAt: Date): SessionError {
    return new SessionError(
      SessionErrorCode.Ended,
      `Session ${name} ended at ${formatUtc(endedAt)}: Claude exited, so nothing was typed. ` +
        '/new starts Claude again; /sessions lists live ones.',
      name,
    );
  }
}

export function isSessionError(error: unknown): error is SessionError {
  return error instanceof SessionError;
}
