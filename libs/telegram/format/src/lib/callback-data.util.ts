import { PERMISSION_DECISIONS, type PermissionDecision } from '@ccr/protocol';

/** Telegram refuses a button whose callback_data is longer than this many bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** What a button press asks for, read back from its callback_data. */
export type CallbackAction =
  | { kind: 'permission'; permissionId: number; decision: PermissionDecision }
  | { kind: 'output' | 'esc'; sessionId: number };

const PREFIXES = { permission: 'perm', output: 'out', esc: 'esc' } as const;

/** Ids are database row ids: positive, and exact as JS numbers. */
function checkId(id: number, what: string): void {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new RangeError(`${what} must be a positive whole number, got ${id}`);
  }
}

/** `perm:<permissionId>:<decision>` */
export function permissionCallbackData(permissionId: number, decision: PermissionDecision): string {
  checkId(permissionId, 'permissionId');
  return `${PREFIXES.permission}:${permissionId}:${decision}`;
}

/** `out:<sessionId>`: show the pane's recent output. */
export function outputCallbackData(sessionId: number): string {
  checkId(sessionId, 'sessionId');
  return `${PREFIXES.output}:${sessionId}`;
}

/** `esc:<sessionId>`: press Esc in the session's pane. */
export function escCallbackData(sessionId: number): string {
  checkId(sessionId, 'sessionId');
  return `${PREFIXES.esc}:${sessionId}`;
}

const PERMISSION_DATA = /^perm:([1-9]\d{0,15}):([a-z-]+)$/;
const SESSION_DATA = /^(out|esc):([1-9]\d{0,15})$/;

/**
 * The action behind a button's callback_data, or null for anything this bot did not write
 * (an old layout, a forged press): callback data comes from the client, so it is checked
 * as strictly as any input.
 */
export function parseCallbackData(data: string): CallbackAction | null {
  if (new TextEncoder().encode(data).length > CALLBACK_DATA_MAX_BYTES) return null;
  const permission = PERMISSION_DATA.exec(data);
  if (permission) {
    const permissionId = Number(permission[1]);
    const decision = PERMISSION_DECISIONS.find((known) => known === permission[2]);
    if (!Number.isSafeInteger(permissionId) || decision === undefined) return null;
    return { kind: 'permission', permissionId, decision };
  }
  const session = SESSION_DATA.exec(data);
  if (session) {
    const sessionId = Number(session[2]);
    if (!Number.isSafeInteger(sessionId)) return null;
    return { kind: session[1] === 'out' ? 'output' : 'esc', sessionId };
  }
  return null;
}
