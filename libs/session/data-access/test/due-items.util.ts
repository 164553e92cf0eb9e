import type { OutboxItem, OutboxStore } from '../src/index';

/**
 * What a look of the sender at a chat is shown (OutboxStore.takeDue) when it decides nothing:
 * the chat's due messages, in the order they would go, none of them claimed.
 * @throws when the chat is closed (a claimed message in flight, or its rate limit).
 */
export async function dueItems(
  outbox: OutboxStore,
  chatId: string,
  limit: number,
): Promise<OutboxItem[]> {
  let shown: OutboxItem[] = [];
  const look = await outbox.takeDue(chatId, limit, (items) => {
    shown = items;
    return {};
  });
  if ('closed' in look) throw new Error(`chat ${chatId} is closed to a look now`);
  return shown;
}
