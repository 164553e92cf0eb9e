import {
  notificationTypeForHook,
  type ClaudeHookInput,
  type NotificationType,
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
