import { PERMISSION_DECISIONS, SERVER_ID_PATTERN, type PermissionDecision } from '@ccr/protocol';

/** Telegram refuses a button whose callback_data is longer than this many bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** What a press on a question's button does: pick (or toggle) an option, Done, or Other…. */
export type QuestionPress =
  { kind: 'option'; optionIndex: number } | { kind: 'done' } | { kind: 'other' };

/** What a press on a plan's button does. */
export type PlanDecision = 'approve' | 'keep';

/** What a button press asks for, read back from its callback_data. */
export type CallbackAction =
  | { kind: 'permission'; permissionId: number; decision: PermissionDecision }
  | { kind: 'question'; permissionId: number; questionIndex: number; press: QuestionPress }
  | { kind: 'plan'; permissionId: number; decision: PlanDecision }
  | { kind: 'output' | 'esc'; sessionId: number }
  /** Start Claude in one of a server's projects, by its place in the list and its tag. */
  | { kind: 'new'; serverId: string; projectIndex: number; folderTag: string }
  /** Stop a session: `ask` the first press, `sure` once confirmed, `keep` to leave it running. */
  | { kind: 'stop'; sessionId: number; step: StopStep }
  /** Answer the trust dialog of a window hub-bot opened. */
  | { kind: 'trust'; launchId: number; trust: boolean };

export type StopStep = 'ask' | 'sure' | 'keep';

/** Most projects a server's list is offered with: well within Telegram's 100 buttons. */
export const MAX_PROJECT_BUTTONS = 24;

const PLAN_DECISIONS: readonly PlanDecision[] = ['approve', 'keep'];

/** Ids are database row ids: positive, and exact as JS numbers. */
function checkId(id: number, what: string): void {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new RangeError(`${what} must be a positive whole number, got ${id}`);
  }
}

/** Question and option indexes are one digit (QUESTION_LIMITS). */
function checkIndex(index: number, what: string): void {
  if (!Number.isSafeInteger(index) || index < 0 || index > 9) {
    throw new RangeError(`${what} must be a whole number from 0 to 9, got ${index}`);
  }
}

/** A row id as callback data writes it: no sign, no leading zero, exact as a JS number. */
const ID = /^[1-9]\d{0,15}$/;

function readId(text: string | undefined): number | null {
  if (text === undefined || !ID.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** A question's or an option's index as callback data writes it: one digit. */
function readIndex(text: string | undefined): number | null {
  return text !== undefined && /^\d$/.test(text) ? Number(text) : null;
}

/**
 * A short tag of a folder's name, so that a project button written before the list changed
 * (a restart with another servers.json) starts nothing rather than another folder: 32-bit
 * FNV-1a over the UTF-16 code units, in base 36.
 */
export function folderTag(folder: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < folder.length; i += 1) {
    hash ^= folder.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** `perm:<permissionId>:<decision>` */
export function permissionCallbackData(permissionId: number, decision: PermissionDecision): string {
  checkId(permissionId, 'permissionId');
  return `perm:${permissionId}:${decision}`;
}

/** `q:<permissionId>:<question>:<option>`, `…:done` or `…:other`: a press on a question. */
export function questionCallbackData(
  permissionId: number,
  questionIndex: number,
  press: QuestionPress,
): string {
  checkId(permissionId, 'permissionId');
  checkIndex(questionIndex, 'questionIndex');
  if (press.kind === 'option') checkIndex(press.optionIndex, 'optionIndex');
  const what = press.kind === 'option' ? String(press.optionIndex) : press.kind;
  return `q:${permissionId}:${questionIndex}:${what}`;
}

/** `plan:<permissionId>:approve` or `…:keep`. */
export function planCallbackData(permissionId: number, decision: PlanDecision): string {
  checkId(permissionId, 'permissionId');
  return `plan:${permissionId}:${decision}`;
}

/** `out:<sessionId>`: show the pane's recent output. */
export function outputCallbackData(sessionId: number): string {
  checkId(sessionId, 'sessionId');
  return `out:${sessionId}`;
}

/** `esc:<sessionId>`: press Esc in the session's pane. */
export function escCallbackData(sessionId: number): string {
  checkId(sessionId, 'sessionId');
  return `esc:${sessionId}`;
}

/** `new:<serverId>:<index>:<tag>`: start Claude in the server's project at `index`. */
export function newCallbackData(serverId: string, projectIndex: number, folder: string): string {
  if (!SERVER_ID_PATTERN.test(serverId)) throw new RangeError(`"${serverId}" is not a server id`);
  if (!Number.isInteger(projectIndex) || projectIndex < 0 || projectIndex >= MAX_PROJECT_BUTTONS) {
    throw new RangeError(
      `projectIndex must be 0 to ${MAX_PROJECT_BUTTONS - 1}, got ${projectIndex}`,
    );
  }
  return `new:${serverId}:${projectIndex}:${folderTag(folder)}`;
}

/** `stop:<sessionId>`, then `stop:<sessionId>:sure` or `stop:<sessionId>:keep`. */
export function stopCallbackData(sessionId: number, step: StopStep = 'ask'): string {
  checkId(sessionId, 'sessionId');
  return step === 'ask' ? `stop:${sessionId}` : `stop:${sessionId}:${step}`;
}

/** `trust:<launchId>:yes` or `trust:<launchId>:no`. */
export function trustCallbackData(launchId: number, trust: boolean): string {
  checkId(launchId, 'launchId');
  return `trust:${launchId}:${trust ? 'yes' : 'no'}`;
}

/**
 * One reader per prefix: each gets the parts after the prefix and gives the action, or null
 * for anything it did not write. A new kind of button adds its prefix here.
 */
const READERS: Readonly<Record<string, (parts: string[]) => CallbackAction | null>> = {
  perm: ([id, decision, ...rest]) => {
    const permissionId = readId(id);
    const known = PERMISSION_DECISIONS.find((candidate) => candidate === decision);
    return permissionId === null || known === undefined || rest.length > 0
      ? null
      : { kind: 'permission', permissionId, decision: known };
  },
  q: ([id, question, what, ...rest]) => {
    const permissionId = readId(id);
    const questionIndex = readIndex(question);
    if (permissionId === null || questionIndex === null || rest.length > 0) return null;
    const optionIndex = readIndex(what);
    const press: QuestionPress | null =
      optionIndex !== null
        ? { kind: 'option', optionIndex }
        : what === 'done' || what === 'other'
          ? { kind: what }
          : null;
    return press && { kind: 'question', permissionId, questionIndex, press };
  },
  plan: ([id, decision, ...rest]) => {
    const permissionId = readId(id);
    const known = PLAN_DECISIONS.find((candidate) => candidate === decision);
    return permissionId === null || known === undefined || rest.length > 0
      ? null
      : { kind: 'plan', permissionId, decision: known };
  },
  out: ([id, ...rest]) => {
    const sessionId = readId(id);
    return sessionId === null || rest.length > 0 ? null : { kind: 'output', sessionId };
  },
  esc: ([id, ...rest]) => {
    const sessionId = readId(id);
    return sessionId === null || rest.length > 0 ? null : { kind: 'esc', sessionId };
  },
  new: ([serverId, index, tag, ...rest]) => {
    if (serverId === undefined || !SERVER_ID_PATTERN.test(serverId) || rest.length > 0) return null;
    if (
      index === undefined ||
      !/^(0|[1-9]\d?)$/.test(index) ||
      Number(index) >= MAX_PROJECT_BUTTONS
    ) {
      return null;
    }
    if (tag === undefined || !/^[0-9a-z]{1,7}$/.test(tag)) return null;
    return { kind: 'new', serverId, projectIndex: Number(index), folderTag: tag };
  },
  stop: ([id, step, ...rest]) => {
    const sessionId = readId(id);
    if (sessionId === null || rest.length > 0) return null;
    if (step === undefined) return { kind: 'stop', sessionId, step: 'ask' };
    return step === 'sure' || step === 'keep' ? { kind: 'stop', sessionId, step } : null;
  },
  trust: ([id, answer, ...rest]) => {
    const launchId = readId(id);
    if (launchId === null || rest.length > 0 || (answer !== 'yes' && answer !== 'no')) return null;
    return { kind: 'trust', launchId, trust: answer === 'yes' };
  },
};

/**
 * The action behind a button's callback_data, or null for anything this bot did not write
 * (an old layout, a forged press): callback data comes from the client, so it is checked
 * as strictly as any input. A new kind of button adds its reader above.
 */
export function parseCallbackData(data: string): CallbackAction | null {
  if (new TextEncoder().encode(data).length > CALLBACK_DATA_MAX_BYTES) return null;
  const [prefix = '', ...parts] = data.split(':');
  const read = Object.hasOwn(READERS, prefix) ? READERS[prefix] : undefined;
  return read ? read(parts) : null;
}
