import type { NotificationType, PermissionStatus } from '@ccr/protocol';
import type { OutboxItem, PermissionView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import {
  formatNotificationBatch,
  notificationKeyboard,
  permissionKeyboard,
  permissionOutcomeMessage,
  permissionRequestMessage,
  type InlineKeyboardMarkup,
  type NotificationMessageInput,
} from '@ccr/telegram-format';

/** What the sender does next for a chat. */
export type OutgoingMessage =
  /** Send one message, delivering these rows. */
  | { kind: 'send'; text: string; ids: number[]; replyMarkup?: InlineKeyboardMarkup }
  /** Edit the sent messages of a permission request to its outcome, without buttons. */
  | {
      kind: 'edit';
      text: string;
      ids: number[];
      permissionId: number;
      outcome: PermissionStatus;
    }
  /** Fail these rows without sending: what they would say is no longer true. */
  | { kind: 'drop'; ids: number[]; reason: string };

/** Notifications that get the Output / Esc buttons when they go out alone. */
const KEYBOARD_TYPES: ReadonlySet<NotificationType> = new Set(['completed', 'waiting']);

function toMessageInput(item: OutboxItem): NotificationMessageInput | undefined {
  const { notification, session } = item;
  if (item.kind !== 'message' || !notification || !session) return undefined;
  return {
    type: notification.type,
    serverId: session.serverId,
    project: session.project,
    sessionName: session.name,
    token: session.token,
    message: notification.message,
    metadata: notification.metadata,
    hostname: session.hostname,
    tmuxPane: session.tmux.pane,
  };
}

function permissionMessage(
  item: OutboxItem,
  permission: PermissionView,
  session: SessionView,
  now: Date,
): OutgoingMessage {
  if (item.kind === 'permission-outcome') {
    return {
      kind: 'edit',
      text: permissionOutcomeMessage(permission, session, now),
      ids: [item.id],
      permissionId: permission.id,
      outcome: permission.status,
    };
  }
  // Buttons for a request that is already closed would answer nothing; its outcome row
  // (queued when it closed) then finds no message to edit and says so.
  if (permission.status !== 'pending') {
    return {
      kind: 'drop',
      ids: [item.id],
      reason: `superseded: the permission request was ${permission.status} before its message was sent`,
    };
  }
  return {
    kind: 'send',
    text: permissionRequestMessage(permission, session, now),
    ids: [item.id],
    replyMarkup: permissionKeyboard(permission.id),
  };
}

/**
 * The next thing to do for a chat, from its due rows, oldest first. A permission request
 * goes out alone with its buttons, and its outcome edits that message. Notifications are merged with the ones after them while they still fit in one
 * Telegram message, so a burst goes out at once instead of waiting its turn behind the
 * per-chat rate limit.
 */
export function nextMessage(
  items: OutboxItem[],
  now: Date = new Date(),
): OutgoingMessage | undefined {
  const [first, ...rest] = items;
  if (!first) return undefined;
  if (first.kind !== 'message') {
    if (!first.permission || !first.session) {
      return { kind: 'drop', ids: [first.id], reason: 'the permission request is gone' };
    }
    return permissionMessage(first, first.permission, first.session, now);
  }
  const firstInput = toMessageInput(first);
  if (!firstInput) {
    return {
      kind: 'drop',
      ids: [first.id],
      reason: 'nothing to send: the row reports no notification',
    };
  }

  const inputs = [firstInput];
  const ids = [first.id];
  let text = formatNotificationBatch(inputs)[0];
  for (const item of rest) {
    const input = toMessageInput(item);
    if (!input) break;
    const merged = formatNotificationBatch([...inputs, input]);
    if (merged.length !== 1) break;
    inputs.push(input);
    ids.push(item.id);
    text = merged[0];
  }
  // Only a notification sent alone gets buttons: under a merged burst, "Output" or "Esc"
  // would not say which of the sessions in it they act on.
  const session = first.session;
  if (ids.length === 1 && session && KEYBOARD_TYPES.has(firstInput.type)) {
    return { kind: 'send', text, ids, replyMarkup: notificationKeyboard(session.id) };
  }
  return { kind: 'send', text, ids };
}
