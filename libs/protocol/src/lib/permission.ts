import type { TmuxLocation } from './notify-payload';

/** What a person can answer on Telegram. */
export const PERMISSION_DECISIONS = ['allow', 'allow-session', 'deny'] as const;
export type PermissionDecision = (typeof PERMISSION_DECISIONS)[number];

/**
 * Where a permission request stands. `expired`: nobody answered before the CLI stopped
 * waiting. `answered-on-server`: the hub heard something newer from that session first, so
 * the request was answered in the terminal.
 */
export type PermissionStatus = 'pending' | PermissionDecision | 'expired' | 'answered-on-server';

/** How long remote-hook waits for a decision unless PERMISSION_TIMEOUT says otherwise. */
export const DEFAULT_PERMISSION_TIMEOUT_SECONDS = 300;
/** Longest single long-poll of `POST /permissions/wait`; the CLI polls again until its timeout. */
export const PERMISSION_WAIT_MAX_SECONDS = 25;
/** Bounds on what a request carries. */
export const PERMISSION_LIMITS = {
  toolName: 128,
  requestId: 128,
  /** The tool input is shown cut; this bounds what is stored. */
  toolInputChars: 32 * 1024,
  suggestions: 16,
} as const;

/** Body of `POST /permissions`: a PermissionRequest hook waiting for a remote answer. */
export interface PermissionRequestPayload {
  serverId: string;
  project: string;
  /** Unique per request (a UUID); a retried POST is stored once. */
  requestId: string;
  claudeSessionId?: string;
  cwd?: string;
  hostname?: string;
  tmux?: TmuxLocation;
  /** Claude Code's `prompt_id`: the turn that asks. */
  promptId?: string;
  toolName: string;
  toolInput: Record<string, unknown>;
  /** Claude Code's `permission_suggestions`; one is echoed back for "allow for this session". */
  permissionSuggestions?: Array<Record<string, unknown>>;
  permissionMode?: string;
  /** How long the CLI will wait: the hub expires the request then. */
  timeoutSeconds: number;
  sentAt?: string;
}

/** 202 answer of `POST /permissions`. */
export interface PermissionRequestAccepted {
  requestId: string;
  session: string;
  token: string;
  expiresAt: string;
}

/** Body of `POST /permissions/wait`. The nonce makes every poll's signature distinct. */
export interface PermissionWaitPayload {
  serverId: string;
  requestId: string;
  waitSeconds: number;
  nonce: string;
}

/** 200 answer of `POST /permissions/wait`: the status now, or when it changed. */
export interface PermissionWaitAnswer {
  requestId: string;
  status: PermissionStatus;
  decidedAt?: string;
  /** Who answered, as Telegram names them (for the deny message and logs). */
  decidedBy?: string;
}

/** What Claude Code reads on a PermissionRequest hook's stdout. */
export interface PermissionHookOutput {
  hookSpecificOutput: {
    hookEventName: 'PermissionRequest';
    decision:
      | { behavior: 'allow'; updatedPermissions?: Array<Record<string, unknown>> }
      | { behavior: 'deny'; message: string };
  };
}

/**
 * The answer to print for a decision, or null when the hook must print nothing (pending,
 * expired, answered on the server): then Claude's own dialog decides.
 */
export function permissionHookOutput(
  status: PermissionStatus,
  suggestions: Array<Record<string, unknown>> | undefined,
  decidedBy?: string,
): PermissionHookOutput | null {
  const wrap = (decision: PermissionHookOutput['hookSpecificOutput']['decision']) => ({
    hookSpecificOutput: { hookEventName: 'PermissionRequest' as const, decision },
  });
  switch (status) {
    case 'allow':
      return wrap({ behavior: 'allow' });
    case 'allow-session': {
      // Echoing a suggestion with destination "session" is Claude Code's "allow for this session".
      const suggestion = suggestions?.[0];
      return suggestion
        ? wrap({
            behavior: 'allow',
            updatedPermissions: [{ ...suggestion, destination: 'session' }],
          })
        : wrap({ behavior: 'allow' });
    }
    case 'deny':
      return wrap({
        behavior: 'deny',
        message: decidedBy ? `Denied from Telegram by ${decidedBy}.` : 'Denied from Telegram.',
      });
    default:
      return null;
  }
}
