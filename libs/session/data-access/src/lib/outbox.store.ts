import type { NotificationView, SessionView } from '@ccr/session-domain';
import type { DataSource, UpdateQueryBuilder } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity';
import {
  OUTBOX_STATUSES,
  OutboxEntity,
  type OutboxKind,
  type OutboxStatus,
} from './entities/outbox.entity';
import { SessionEntity } from './entities/session.entity';
import { chunks } from './outbox-row.util';
import {
  type PermissionView,
  toEpochMs,
  toNotificationView,
  toPermissionView,
  toSessionView,
} from './view-mapper.util';
import { runWriteTransaction } from './write-transaction.util';

export interface OutboxStoreOptions {
  clock?: () => Date;
}

/** One message waiting for Telegram, with what it reports. */
export interface OutboxItem {
  id: number;
  chatId: string;
  /** `message`: send it (merged with others); `permission`: send it alone, with buttons; `permission-outcome`: edit that message. */
  kind: OutboxKind;
  attempts: number;
  createdAt: Date;
  /** The notification a `message` row reports. */
  notification: NotificationView | null;
  /** The request a `permission` or `permission-outcome` row is about, as it is now. */
  permission: PermissionView | null;
  /** The session of the notification or of the permission request. */
  session: SessionView | null;
}

/** A Telegram message that carries a permission request's buttons. */
export interface SentPermissionMessage {
  chatId: string;
  messageId: number;
}

/** Telegram's own errors are short; this bounds whatever else ends up in last_error. */
const MAX_ERROR_CHARS = 2000;
/** Well under SQLite's limit on bound parameters per statement. */
const IDS_PER_STATEMENT = 500;
const DEFAULT_DUE_CHATS = 100;

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  return limit;
}

/**
 * The Telegram outbox: what a sender still has to deliver, and what became of each message.
 * A row leaves `pending` once, for `sent` or `failed`; later calls about it change nothing.
 */
export class OutboxStore {
  private readonly clock: () => Date;

  constructor(
    private readonly dataSource: DataSource,
    options: OutboxStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Chats with at least one message due, the longest-waiting first. */
  async dueChats(limit: number = DEFAULT_DUE_CHATS): Promise<string[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.chat_id', 'chatId')
      .where("o.status = 'pending'")
      .andWhere('o.next_attempt_at <= :now', { now: toEpochMs(this.clock()) })
      .groupBy('o.chat_id')
      .orderBy('MIN(o.next_attempt_at)', 'ASC')
      .addOrderBy('MIN(o.id)', 'ASC')
      .limit(checkLimit(limit))
      .getRawMany<{ chatId: string }>();
    return rows.map((row) => row.chatId);
  }

  /** A chat's due messages, oldest first, each with its notification or request, and session. */
  async pendingForChat(chatId: string, limit: number): Promise<OutboxItem[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .leftJoinAndSelect('o.notification', 'n')
      .leftJoinAndSelect('n.session', 's')
      .leftJoinAndSelect('o.permission', 'p')
      .leftJoinAndSelect('p.session', 'ps')
      .where('o.chat_id = :chatId', { chatId })
      .andWhere("o.status = 'pending'")
      .andWhere('o.next_attempt_at <= :now', { now: toEpochMs(this.clock()) })
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(checkLimit(limit))
      .getMany();
    return rows.map((row) => {
      const session = row.notification?.session ?? row.permission?.session;
      return {
        id: row.id,
        chatId: row.chatId,
        kind: row.kind,
        attempts: row.attempts,
        createdAt: new Date(row.createdAt),
        notification: row.notification ? toNotificationView(row.notification) : null,
        permission: row.permission ? toPermissionView(row.permission) : null,
        session: session ? toSessionView(session) : null,
      };
    });
  }

  /**
   * The Telegram messages that carry this permission request's buttons (one per chat it was
   * sent to), so that they can be edited once the request is closed.
   */
  async sentMessageOf(permissionId: number): Promise<SentPermissionMessage[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.chat_id', 'chatId')
      .addSelect('o.telegram_message_id', 'messageId')
      .where('o.permission_id = :permissionId', { permissionId })
      .andWhere("o.kind = 'permission'")
      .andWhere("o.status = 'sent'")
      .andWhere('o.telegram_message_id IS NOT NULL')
      .orderBy('o.id', 'ASC')
      .getRawMany<{ chatId: string; messageId: number }>();
    return rows.map((row) => ({ chatId: row.chatId, messageId: Number(row.messageId) }));
  }

  /**
   * Fails this chat's unsent messages of a permission request: the request was closed before
   * they went out, and its buttons would answer nothing. Returns the rows failed.
   */
  async supersedeUnsentPermission(
    permissionId: number,
    chatId: string,
    reason: string,
  ): Promise<number[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.id', 'id')
      .where('o.permission_id = :permissionId', { permissionId })
      .andWhere('o.chat_id = :chatId', { chatId })
      .andWhere("o.kind = 'permission'")
      .andWhere("o.status = 'pending'")
      .getRawMany<{ id: number }>();
    const ids = rows.map((row) => Number(row.id));
    await this.markFailed(ids, reason);
    return ids;
  }

  /** These rows went out as one Telegram message. */
  async markSent(ids: number[], telegramMessageId: number): Promise<void> {
    const nowMs = toEpochMs(this.clock());
    await this.updatePending(ids, { status: 'sent', sentAt: nowMs, telegramMessageId });
  }

  /** Delivery failed for now; try again at `nextAttemptAt`. */
  async markRetry(ids: number[], error: string, nextAttemptAt: Date): Promise<void> {
    await this.updatePending(ids, {
      attempts: () => '"attempts" + 1',
      lastError: error.slice(0, MAX_ERROR_CHARS),
      nextAttemptAt: toEpochMs(nextAttemptAt),
    });
  }

  /** Delivery failed for good. */
  async markFailed(ids: number[], error: string): Promise<void> {
    await this.updatePending(ids, {
      status: 'failed',
      attempts: () => '"attempts" + 1',
      lastError: error.slice(0, MAX_ERROR_CHARS),
    });
  }

  /** When the earliest pending message is due (possibly already), or null when none waits. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('MIN(o.next_attempt_at)', 'nextDueAt')
      .where("o.status = 'pending'")
      .getRawOne<{ nextDueAt: number | null }>();
    return row?.nextDueAt === null || row?.nextDueAt === undefined
      ? null
      : new Date(Number(row.nextDueAt));
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status')
      .getRawMany<{ status: OutboxStatus; count: number }>();
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, 0])) as Record<
      OutboxStatus,
      number
    >;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  /**
   * Every session a Telegram message of this chat reported, once each, by server and number.
   * The hub merges a burst of notifications into one message, so a reply to it may point at
   * several sessions. Expired sessions are returned too: the caller says so to the user.
   */
  async findSessionsByTelegramMessage(chatId: string, messageId: number): Promise<SessionView[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(SessionEntity, 's')
      .where((qb) => {
        const reported = qb
          .subQuery()
          .select('n.session_id')
          .from(OutboxEntity, 'o')
          .innerJoin(NotificationEntity, 'n', 'n.id = o.notification_id')
          .where('o.chat_id = :chatId')
          .andWhere('o.telegram_message_id = :messageId')
          .getQuery();
        return `s.id IN ${reported}`;
      })
      .setParameters({ chatId, messageId })
      .getMany();
    return rows
      .sort((a, b) =>
        a.serverId === b.serverId ? a.seq - b.seq : a.serverId < b.serverId ? -1 : 1,
      )
      .map(toSessionView);
  }

  private async updatePending(
    ids: number[],
    changes: Parameters<UpdateQueryBuilder<OutboxEntity>['set']>[0],
  ): Promise<void> {
    if (ids.length === 0) return;
    await runWriteTransaction(this.dataSource, async (manager) => {
      for (const part of chunks([...new Set(ids)], IDS_PER_STATEMENT)) {
        await manager
          .createQueryBuilder()
          .update(OutboxEntity)
          .set(changes)
          .where('id IN (:...ids)', { ids: part })
          // Without statistics SQLite takes the status index for selective and would walk
          // every pending row; the unary + keeps it on the primary key.
          .andWhere(`+"status" = 'pending'`)
          .updateEntity(false)
          .execute();
      }
    });
  }
}
