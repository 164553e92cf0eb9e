import type { OutboxItem } from '@ccr/session-data-access';
import {
  planDocument,
  replyDocument,
  replyFitsOneMessage,
  type NotificationMessageInput,
  type ReplyDocument,
} from '@ccr/telegram-format';
import { toMessageInput } from './outbox-batch.util';

/**
 * The whole text to send after a message that delivered `ids`, when it delivered one
 * notification whose reply is too long for a message of its own, or a plan too long for its
 * message: so that the message's first part is not all the chat ever gets. A reply that long
 * never shares a message; a digest of many sessions (which shows their states, not their
 * replies) gets no documents, or a flood would come back as files.
 */
export function wholeRepliesOf(
  items: readonly OutboxItem[],
  ids: readonly number[],
): ReplyDocument[] {
  if (ids.length !== 1) return [];
  const delivered = items.filter((item) => ids.includes(item.id));
  const plans = delivered.flatMap(({ kind, permission, session }) => {
    if (kind !== 'permission' || permission?.kind !== 'plan' || !session) return [];
    const document = planDocument(permission.toolInput, {
      sessionName: session.name,
      project: session.project,
    });
    return document ? [document] : [];
  });
  return delivered
    .map(toMessageInput)
    .filter(
      (input): input is NotificationMessageInput =>
        input !== undefined && !replyFitsOneMessage(input),
    )
    .map(replyDocument)
    .concat(plans);
}
