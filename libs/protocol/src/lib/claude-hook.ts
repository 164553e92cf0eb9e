import type { NotificationType } from './notification-type.constant';

/**
 * What Claude Code writes on a hook command's standard input. Every field is optional here
 * because older Claude Code versions leave some out and a hand-run hook may send none.
 */
export interface ClaudeHookInput {
  session_id?: string;
  transcript_path?: string;
  cwd?: string;
  hook_event_name?: string;
  /** One per prompt: a turn's UserPromptSubmit, Stop and the requests in between share it. */
  prompt_id?: string;
  permission_mode?: string;
  /** SessionStart: `startup`, `resume`, `clear` or `compact`. */
  source?: string;
  /** SessionEnd: `prompt_input_exit`, `clear`, `logout`, `other`… */
  reason?: string;
  /** Stop, SubagentStop, StopFailure: Claude's final reply of the turn. */
  last_assistant_message?: string;
  /** Notification: the text Claude Code shows. */
  message?: string;
  title?: string;
  /** Notification: `permission_prompt`, `idle_prompt`, … */
  notification_type?: string;
  /** StopFailure. */
  error?: string;
  error_details?: string;
  /** PermissionRequest. */
  tool_name?: string;
  tool_input?: Record<string, unknown>;
  permission_suggestions?: unknown[];
}

/**
 * The notification a hook event is worth, or null when it is not worth one (SubagentStop,
 * SessionStart, a Notification of another kind, …).
 */
export function notificationTypeForHook(input: ClaudeHookInput): NotificationType | null {
  switch (input.hook_event_name) {
    case 'Stop':
      return 'completed';
    case 'StopFailure':
      return 'failed';
    case 'Notification':
      if (input.notification_type === 'idle_prompt') return 'waiting';
      if (input.notification_type === 'permission_prompt') return 'permission';
      return null;
    default:
      return null;
  }
}

/**
 * The hook events that tell the hub where a session stands and are worth no message: Claude
 * started (or resumed), a prompt was submitted, Claude exited.
 */
export const SESSION_EVENTS = ['SessionStart', 'UserPromptSubmit', 'SessionEnd'] as const;

export type SessionEvent = (typeof SESSION_EVENTS)[number];

export function isSessionEvent(value: unknown): value is SessionEvent {
  return typeof value === 'string' && (SESSION_EVENTS as readonly string[]).includes(value);
}
