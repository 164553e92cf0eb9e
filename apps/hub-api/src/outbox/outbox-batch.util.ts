import type { QuietReason } from '@ccr/delivery-domain';
import type { NotificationType, PermissionStatus } from '@ccr/protocol';
import type { OutboxItem, PermissionView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import {
  formatDigest,
  formatNotificationBatch,
  notificationKeyboard,
  requestMessages,
  type InlineKeyboardMarkup,
  type NotificationMessageInput,
  type RequestMessage,
} from '@ccr/telegram-format';
import type { SendableItem } from './outbox-plan.util';

/** What the sender does next for a chat. */
export type OutgoingMessage =
  /** Send one message, delivering these rows; without sound when `silent`. */
  | {
      kind: 'send';
      text: string;
      ids: number[];
      replyMarkup?: InlineKeyboardMarkup;
      silent: boolean;
      quietReason: QuietReason | null;
    }
  /**
   * Edit the sent messages of a request to its outcome, without buttons: each to the message
   * of its part in `messages`.
   */
  | {
      kind: 'edit';
      messages: RequestMessage[];
      ids: number[];
      permissionId: number;
      outcome: PermissionStatus;
    }
  /** Fail these rows without sending: what they would say is no longer true. */
  | { kind: 'drop'; ids: number[]; reason: string };

/** Notifications that get the Output / Esc buttons when they go out alone. */
const KEYBOARD_TYPES: ReadonlySet<NotificationType> = new Set(['completed', 'waiting']);

/** What a `message` row reports, as the format lib lays it out; undefined for other rows. */
export function toMessageInput(item: OutboxItem): NotificationMessageInput | undefined {
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
    mergedCount: item.mergedCount,
  };
}

function permissionMessage(
  sendable: SendableItem,
  permission: PermissionView,
  session: SessionView,
  now: Date,
): OutgoingMessage {
  const { item } = sendable;
  const messages = requestMessages(permission, session, now);
  if (item.kind === 'permission-outcome') {
    return {
      kind: 'edit',
      messages,
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
  const message = messages[item.part];
  if (!message) {
    return {
      kind: 'drop',
      ids: [item.id],
      reason: `the request is shown in ${messages.length} message(s), not ${item.part + 1}`,
    };
  }
  return {
    kind: 'send',
    text: message.html,
    ids: [item.id],
    replyMarkup: message.replyMarkup,
    silent: sendable.silent,
    quietReason: sendable.quietReason,
  };
}

/** Silent only when every row in it may go silently: one with sound is worth the sound. */
function soundOf(
  rows: readonly SendableItem[],
): Pick<OutgoingMessage & { kind: 'send' }, 'silent' | 'quietReason'> {
  const silent = rows.every((row) => row.silent);
  return { silent, quietReason: silent ? (rows[0]?.quietReason ?? null) : null };
}

/**
 * The next thing to do for a chat, from the rows that may go now, in the outbox's order
 * (requests, then the edits that close them, then notifications). Each message of a request
 * (a permission, each question, a plan) goes out alone, with its buttons, and
 * the request's outcome edits them. Notifications go together: one alone in
 * full with its buttons; several in full in one message when they fit; otherwise one digest of
 * each session's latest state, as many sessions as one message holds. Each session has one
 * row here at most, standing for its older ones, so a flood never becomes a queue.
 */
export function nextMessage(
  rows: readonly SendableItem[],
  now: Date = new Date(),
): OutgoingMessage | undefined {
  const first = rows[0];
  if (!first) return undefined;
  if (first.item.kind !== 'message') {
    if (!first.item.permission || !first.item.session) {
      return { kind: 'drop', ids: [first.item.id], reason: 'the permission request is gone' };
    }
    return permissionMessage(first, first.item.permission, first.item.session, now);
  }
  const firstInput = toMessageInput(first.item);
  if (!firstInput) {
    return {
      kind: 'drop',
      ids: [first.item.id],
      reason: 'nothing to send: the row reports no notification',
    };
  }

  const notifications: Array<{ row: SendableItem; input: NotificationMessageInput }> = [];
  for (const row of rows) {
    const input = toMessageInput(row.item);
    if (!input) break;
    notifications.push({ row, input });
  }
  const inputs = notifications.map((entry) => entry.input);
  const sendRows = (count: number) => notifications.slice(0, count).map((entry) => entry.row);

  if (notifications.length === 1) {
    const session = first.item.session;
    // Only a notification sent alone gets buttons: under several, "Output" or "Esc" would not
    // say which session they act on.
    return {
      kind: 'send',
      text: formatNotificationBatch(inputs)[0] ?? '',
      ids: [first.item.id],
      ...(session && KEYBOARD_TYPES.has(firstInput.type)
        ? { replyMarkup: notificationKeyboard(session.id) }
        : {}),
      ...soundOf([first]),
    };
  }
  const merged = formatNotificationBatch(inputs);
  if (merged.length === 1) {
    return {
      kind: 'send',
      text: merged[0] ?? '',
      ids: notifications.map((entry) => entry.row.item.id),
      ...soundOf(sendRows(notifications.length)),
    };
  }
  const digest = formatDigest(inputs);
  const included = sendRows(digest.count);
  return {
    kind: 'send',
    text: digest.text,
    ids: included.map((row) => row.item.id),
    ...soundOf(included),
  };
}
