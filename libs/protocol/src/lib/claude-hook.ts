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
  permission_mode?: string;
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
