import type { OutboxItem } from '@ccr/session-data-access';
import {
  formatNotificationBatch,
  formatPlainText,
  type NotificationMessageInput,
} from '@ccr/telegram-format';

export interface OutgoingMessage {
  text: string;
  /** The outbox rows this one message delivers. */
  ids: number[];
}

function toMessageInput(item: OutboxItem): NotificationMessageInput | undefined {
  const { notification, session } = item;
  if (!notification || !session) return undefined;
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

/**
 * The next message for a chat: the oldest pending row, merged with the rows after it while
 * they still fit in one Telegram message. A burst thus goes out at once, merged, instead of
 * waiting its turn behind the per-chat rate limit. Plain text rows go out alone.
 */
export function nextMessage(items: OutboxItem[]): OutgoingMessage | undefined {
  const [first, ...rest] = items;
  if (!first) return undefined;
  const firstInput = toMessageInput(first);
  if (!firstInput) return { text: formatPlainText(first.text ?? ''), ids: [first.id] };

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
  return { text, ids };
}
