import type { EntityManager } from 'typeorm';
import { OPEN_OUTBOX_STATUSES, OutboxEntity } from './entities/outbox.entity';
import { engineOf, lockForUpdate, runInsert } from './engine-dialect.util';

export type NewOutboxRow = Omit<OutboxEntity, 'id' | 'notification' | 'permission' | 'session'>;

/**
 * What an outbox row delivers: a notification, one of a request's messages (`part`, 0 unless
 * the request has several), or the edit of a request's messages in a chat.
 */
export type OutboxContent =
  | { kind: 'message'; notificationId: number }
  | { kind: 'permission'; permissionId: number; part?: number }
  | { kind: 'permission-outcome'; permissionId: number };

/** Outbox rows have a dozen columns: this keeps one INSERT under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 40;

/** `('pending', 'held')`, for SQL that looks at the rows still to be delivered. */
export const OPEN_STATUSES_SQL = `(${OPEN_OUTBOX_STATUSES.map((status) => `'${status}'`).join(', ')})`;

/** Ids bound in one `IN (…)`: well under SQLite's limit on bound parameters per statement. */
export const IDS_PER_STATEMENT = 500;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** A row due now, not yet tried. */
export function pendingOutboxRow(
  chatId: string,
  content: OutboxContent,
  sessionId: number | null,
  nowMs: number,
): NewOutboxRow {
  return {
    chatId,
    kind: content.kind,
    notificationId: 'notificationId' in content ? content.notificationId : null,
    permissionId: 'permissionId' in content ? content.permissionId : null,
    sessionId,
    part: 'part' in content ? (content.part ?? 0) : 0,
    text: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: nowMs,
    lastError: null,
    telegramMessageId: null,
    createdAt: nowMs,
    sentAt: null,
    mergedCount: 0,
    supersededBy: null,
    quietReason: null,
    claimedAt: null,
    silent: false,
  };
}

/** Inserts rows inside the caller's write transaction. */
export async function insertOutboxRows(
  manager: EntityManager,
  rows: readonly NewOutboxRow[],
): Promise<void> {
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    await runInsert(
      manager,
      manager.createQueryBuilder().insert().into(OutboxEntity).values(part),
      {
        returnsId: false,
      },
    );
  }
}

/**
 * Queues a notification's message to each chat, inside the caller's write transaction: latest
 * state wins. The session's messages still waiting in that chat (pending or held) are
 * superseded by the new row, which stands for them and for everything they stood for
 * (`merged_count`); each points at it (`superseded_by`). A row the sender has claimed is going
 * out already and is left alone. Two statements per chat, whatever the backlog.
 */
export async function queueNotificationMessage(
  manager: EntityManager,
  input: { chatIds: readonly string[]; sessionId: number; notificationId: number; nowMs: number },
): Promise<void> {
  const { sessionId, notificationId, nowMs } = input;
  const postgres = engineOf(manager) === 'postgres';
  for (const chatId of input.chatIds) {
    const row = pendingOutboxRow(chatId, { kind: 'message', notificationId }, sessionId, nowMs);
    if (postgres) {
      // Another hub-api may be claiming one of these rows right now: wait for it, so that a row
      // it sends is neither counted in the new row nor superseded. (SQLite's writers take turns.)
      await lockForUpdate(
        manager
          .createQueryBuilder(OutboxEntity, 'w')
          .select('w.id', 'id')
          .where('w.session_id = :sessionId', { sessionId })
          .andWhere('w.chat_id = :chatId', { chatId })
          .andWhere(`w.kind = 'message'`)
          .andWhere(`w.status IN ${OPEN_STATUSES_SQL}`),
        'w',
      ).getRawMany();
    }
    const waiting = `FROM "outbox" "w" WHERE "w"."session_id" = :sessionId AND "w"."chat_id" = :chatId AND "w"."kind" = 'message' AND "w"."status" IN ${OPEN_STATUSES_SQL}`;
    const { id: rowId } = await runInsert(
      manager,
      manager
        .createQueryBuilder()
        .insert()
        .into(OutboxEntity)
        .values({
          ...row,
          mergedCount: () => `(SELECT COALESCE(SUM(1 + "w"."merged_count"), 0) ${waiting})`,
        })
        .setParameters({ sessionId, chatId }),
    );
    if (rowId === null) throw new Error('the outbox INSERT added no row');
    await manager
      .createQueryBuilder()
      .update(OutboxEntity)
      .set({ status: 'superseded', supersededBy: rowId })
      .where('session_id = :sessionId', { sessionId })
      .andWhere('chat_id = :chatId', { chatId })
      .andWhere(`kind = 'message'`)
      .andWhere(`status IN ${OPEN_STATUSES_SQL}`)
      .andWhere('id <> :rowId', { rowId })
      .updateEntity(false)
      .execute();
  }
}
