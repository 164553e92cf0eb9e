import type { EntityManager } from 'typeorm';
import { OutboxEntity } from './entities/outbox.entity';

export type NewOutboxRow = Omit<OutboxEntity, 'id' | 'notification' | 'permission'>;

/** What an outbox row delivers: a notification, or a permission request's message. */
export type OutboxContent =
  | { kind: 'message'; notificationId: number }
  | { kind: 'permission' | 'permission-outcome'; permissionId: number };

/** Outbox rows have a dozen columns: this keeps one INSERT under SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 50;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/** A row due now, not yet tried. */
export function pendingOutboxRow(
  chatId: string,
  content: OutboxContent,
  nowMs: number,
): NewOutboxRow {
  return {
    chatId,
    kind: content.kind,
    notificationId: 'notificationId' in content ? content.notificationId : null,
    permissionId: 'permissionId' in content ? content.permissionId : null,
    text: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: nowMs,
    lastError: null,
    telegramMessageId: null,
    createdAt: nowMs,
    sentAt: null,
  };
}

/** Inserts rows inside the caller's write transaction; returns the id of the last one. */
export async function insertOutboxRows(
  manager: EntityManager,
  rows: readonly NewOutboxRow[],
): Promise<number> {
  let lastId = 0;
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const inserted = await manager
      .createQueryBuilder()
      .insert()
      .into(OutboxEntity)
      .values(part)
      .updateEntity(false)
      .execute();
    lastId = Number(inserted.raw);
  }
  return lastId;
}
