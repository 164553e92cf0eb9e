import type { NotificationType } from '@ccr/protocol';

/**
 * What a Claude session is doing, as its hook events tell it: `working` on a submitted prompt
 * (no Stop yet), `waiting` for input (Claude Code said so), `asking` (a permission, a question
 * or a plan waits for an answer), `idle` (the turn ended, or nothing was asked yet), `ended`
 * (Claude exited).
 */
export const SESSION_STATES = ['working', 'waiting', 'asking', 'idle', 'ended'] as const;

export type SessionState = (typeof SESSION_STATES)[number];

export function isSessionState(value: unknown): value is SessionState {
  return typeof value === 'string' && (SESSION_STATES as readonly string[]).includes(value);
}

/** What one event says about a session's state. */
export type StateSignal =
  /** SessionStart: Claude is up (or resumed an ended session). */
  | { kind: 'started' }
  /** UserPromptSubmit. */
  | { kind: 'prompted'; promptId?: string }
  /** A permission request, or Claude Code's own "needs your permission". */
  | { kind: 'asking'; promptId?: string }
  /** Claude Code's "waiting for your input". */
  | { kind: 'waiting'; promptId?: string }
  /** Stop or StopFailure: the turn is over. */
  | { kind: 'finished'; promptId?: string }
  /** A subagent finished: the turn goes on. */
  | { kind: 'busy' }
  /** A permission request was answered from Telegram: Claude goes on. */
  | { kind: 'answered' }
  /** SessionEnd. */
  | { kind: 'ended' };

/** Where a session stands, since when, and the prompt of the event that put it there. */
export interface SessionStatus {
  state: SessionState;
  since: Date;
  promptId: string | null;
}

const STATE_OF: Readonly<Record<Exclude<StateSignal['kind'], 'answered'>, SessionState>> = {
  started: 'idle',
  prompted: 'working',
  asking: 'asking',
  waiting: 'waiting',
  finished: 'idle',
  busy: 'working',
  ended: 'ended',
};

function promptOf(signal: StateSignal): string | undefined {
  return 'promptId' in signal ? signal.promptId : undefined;
}

/**
 * The status after `signal`, from `current` (undefined for a session the event starts).
 *
 * Hook events may reach the hub out of order: UserPromptSubmit's hook runs in the background,
 * so a short turn's Stop (or its permission request) can arrive first. A prompt whose turn the
 * hub has already heard more of (the same prompt id) therefore changes nothing. An ended session
 * stays ended unless it starts again (a resumed session keeps its id). `since` moves only when
 * the state changes.
 */
export function nextSessionStatus(
  current: SessionStatus | undefined,
  signal: StateSignal,
  now: Date,
): SessionStatus {
  const promptId = promptOf(signal);
  if (!current) {
    const state = signal.kind === 'answered' ? 'working' : STATE_OF[signal.kind];
    return { state, since: now, promptId: promptId ?? null };
  }
  const unchanged = current;
  if (current.state === 'ended' && signal.kind !== 'started') return unchanged;
  let state: SessionState;
  switch (signal.kind) {
    case 'started':
      if (current.state !== 'ended') return unchanged;
      state = 'idle';
      break;
    case 'prompted':
      if (promptId !== undefined && promptId === current.promptId) return unchanged;
      state = 'working';
      break;
    case 'answered':
      if (current.state !== 'asking') return unchanged;
      state = 'working';
      break;
    default:
      state = STATE_OF[signal.kind];
  }
  return {
    state,
    since: state === current.state ? current.since : now,
    promptId: promptId ?? current.promptId,
  };
}

/**
 * What a notification says about the state: the hook event decides where there is one (a
 * SubagentStop is sent as `completed`, yet the turn goes on), else its type.
 */
export function signalOfNotification(
  type: NotificationType,
  event: string | undefined,
  promptId?: string,
): StateSignal {
  if (event === 'SubagentStop') return { kind: 'busy' };
  switch (type) {
    case 'completed':
    case 'failed':
      return { kind: 'finished', promptId };
    case 'waiting':
      return { kind: 'waiting', promptId };
    case 'permission':
      return { kind: 'asking', promptId };
  }
}
