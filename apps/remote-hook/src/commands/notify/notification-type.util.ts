import {
  isSessionEvent,
  notificationTypeForHook,
  type ClaudeHookInput,
  type NotificationType,
  type SessionEvent,
} from '@ccr/protocol';
import { EXTRA_EVENT_TYPES, type ExtraEvent } from '../../config/config.constant';
import { isExtraEvent } from '../../config/validate-config.util';

/**
 * The notification a hook event is worth: Stop, Notification (idle or permission prompt) and
 * StopFailure always; the extra events (SubagentStop) only when the user asked for them.
 */
export function notificationTypeFor(
  input: ClaudeHookInput,
  extraEvents: readonly ExtraEvent[],
): NotificationType | null {
  const type = notificationTypeForHook(input);
  if (type) return type;
  const event = input.hook_event_name;
  if (event && isExtraEvent(event) && extraEvents.includes(event)) return EXTRA_EVENT_TYPES[event];
  return null;
}

/** What a hook run sends: a notification, a session event, or nothing. */
export type HookEventKind =
  { kind: 'notification'; type: NotificationType } | { kind: 'session'; event: SessionEvent };

/**
 * What a hook event is worth: a notification (notificationTypeFor), else a session event
 * (SessionStart, UserPromptSubmit, SessionEnd), which tells the hub where the session stands
 * and sends no message; null for anything else.
 */
export function hookEventKindFor(
  input: ClaudeHookInput,
  extraEvents: readonly ExtraEvent[],
): HookEventKind | null {
  const type = notificationTypeFor(input, extraEvents);
  if (type) return { kind: 'notification', type };
  const event = input.hook_event_name;
  return isSessionEvent(event) ? { kind: 'session', event } : null;
}
