import { SERVER_ID_PATTERN } from '@ccr/protocol';
import { SESSION_TOKEN_LENGTH } from './session-token.util';

/** What a user typed to point at a session: its public name or its token. */
export type SessionRef =
  { kind: 'name'; serverId: string; seq: number } | { kind: 'token'; token: string };

const NAME_PATTERN = /^([^:]+):(\d{1,15})$/;
const TOKEN_INPUT_PATTERN = new RegExp(`^[A-Za-z0-9]{${SESSION_TOKEN_LENGTH}}$`);

/** `kr4:1`: the name users see and type. */
export function formatSessionName(serverId: string, seq: number): string {
  if (!SERVER_ID_PATTERN.test(serverId)) {
    throw new RangeError(`Server id "${serverId}" does not match ${String(SERVER_ID_PATTERN)}`);
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new RangeError(`Session number must be a positive integer, got ${seq}`);
  }
  return `${serverId}:${seq}`;
}

/**
 * Reads `kr4:1` or a token such as `ab12cd34` (case does not matter: phones capitalise).
 * Returns null for anything else, so callers can answer with one helpful message.
 */
export function parseSessionRef(input: string): SessionRef | null {
  const text = input.trim();
  const name = NAME_PATTERN.exec(text);
  if (name) {
    const [, serverId, digits] = name;
    const seq = Number(digits);
    if (!SERVER_ID_PATTERN.test(serverId) || seq < 1) return null;
    return { kind: 'name', serverId, seq };
  }
  if (TOKEN_INPUT_PATTERN.test(text)) {
    return { kind: 'token', token: text.toUpperCase() };
  }
  return null;
}
