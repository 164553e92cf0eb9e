import type { SessionView } from '@ccr/session-domain';
import { systemClock, type Clock } from '@ccr/shared-util';
import type { DataSource, EntityManager, UpdateQueryBuilder } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity';
import {
  OPEN_OUTBOX_STATUSES,
  OUTBOX_KINDS,
  OUTBOX_KIND_PRIORITY,
  OUTBOX_STATUSES,
  OutboxEntity,
  type OutboxQuietReason,
  type OutboxStatus,
} from './entities/outbox.entity';
import { SessionEntity } from './entities/session.entity';
import { engineOf, lockSkippingLocked, runInsert, withoutIndex } from './engine-dialect.util';
import { OutboxChatEntity } from './entities/outbox-chat.entity';
import { IDS_PER_STATEMENT, OPEN_STATUSES_SQL, chunks } from './outbox-row.util';
import {
  type OutboxItem,
  bySessionName,
  toEpochMs,
  toOutboxItem,
  toSessionView,
} from './view-mapper.util';
import { runWriteTransaction } from './write-transaction.util';

export interface OutboxStoreOptions {
  clock?: Clock;
}

/** A Telegram message that shows a request (with its buttons while it waits). */
export interface SentPermissionMessage {
  chatId: string;
  messageId: number;
  /** Which of the request's messages it is (a question's index; 0 for most requests). */
  part: number;
}

/** The request a Telegram message shows, and which of its messages it is. */
export interface RequestMessageRef {
  permissionId: number;
  part: number;
}

/** What the sender decided about a chat's due rows, for takeDue to record. */
export interface OutboxDecision {
  /** To send now: claimed as `sending` until marked sent, for retry, or failed. */
  claim?: number[];
  /** Kept back by quiet hours or a mute, to be looked at again at `until`. */
  hold?: Array<{ ids: number[]; reason: OutboxQuietReason; until: Date }>;
  /** Never to be sent: the person saw it happen at the terminal. */
  skip?: Array<{ ids: number[]; reason: OutboxQuietReason }>;
  /** Failed for good, with why. */
  fail?: Array<{ ids: number[]; error: string }>;
}

/**
 * A look found the chat closed: its rate limit or a 429 holds it until `opensAt`, or (null)
 * another process is looking at it or has a message to it in flight.
 */
export interface ChatClosed {
  closed: true;
  opensAt: Date | null;
}

/**
 * How long a claim may go unanswered. A process that claimed rows asks Telegram at once and
 * marks them within its request timeout; a claim older than this belongs to one that stopped
 * mid-send, and any process releases it (the message may then go twice, which beats never).
 */
export const CLAIM_TIMEOUT_MS = 2 * 60_000;

/** Telegram's own errors are short; this bounds whatever else ends up in last_error. */
const MAX_ERROR_CHARS = 2000;
const DEFAULT_DUE_CHATS = 100;

/** Requests first, then the edits that close them, then notifications; oldest first in each. */
const PRIORITY_SQL = `CASE o.kind ${OUTBOX_KINDS.map(
  (kind) => `WHEN '${kind}' THEN ${OUTBOX_KIND_PRIORITY[kind]}`,
).join(' ')} END`;

function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  return limit;
}

/**
 * The Telegram outbox: what a sender still has to deliver, and what became of each message.
 * A row waits as `pending` (or `held` by quiet hours or a mute), is claimed as `sending` while
 * Telegram is asked, and ends `sent`, `failed`, `superseded` (a newer notification of its
 * session stands for it) or `skipped` (the person was at the terminal); a later call about a
 * row that has ended changes nothing.
 */
export class OutboxStore {
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    options: OutboxStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** Chats with at least one message due, the longest-waiting first. */
  async dueChats(limit: number = DEFAULT_DUE_CHATS): Promise<string[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.chat_id', 'chatId')
      .where(`o.status IN ${OPEN_STATUSES_SQL}`)
      .andWhere('o.next_attempt_at <= :now', { now: toEpochMs(this.clock()) })
      .groupBy('o.chat_id')
      .orderBy('MIN(o.next_attempt_at)', 'ASC')
      .addOrderBy('MIN(o.id)', 'ASC')
      .limit(checkLimit(limit))
      .getRawMany<{ chatId: string }>();
    return rows.map((row) => row.chatId);
  }

  /**
   * One look of the sender at a chat, in one write transaction: reads the chat's due messages
   * (pending, or held and due to be looked at again), each with its notification or request and
   * session: requests first, then the edits that close them, then notifications, oldest first
   * within each (a session has at most one notification among them, its newest, standing for
   * the ones before it). Hands them to `decide`, and records what it decided: rows claimed for
   * sending (`sending`), held until a time, skipped, or failed. Nothing can supersede a row
   * between being read and being claimed, so what is sent is what was read. Returns what
   * `decide` returned, or ChatClosed without calling it.
   *
   * Several processes may send from one outbox: a look takes the chat's `outbox_chats` row
   * first, locked, so one process at a time looks at a chat, and finds the chat closed while
   * its rate limit holds, or while a message claimed by an earlier look is in flight (a claim
   * closes the chat until markSent, markRetry or markFailed opens it again, or the claim times
   * out). Each row is claimed once, and a chat's messages go out one after the other.
   */
  async takeDue<T extends OutboxDecision>(
    chatId: string,
    limit: number,
    decide: (items: OutboxItem[]) => T,
  ): Promise<T | ChatClosed> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      const opensAt = await takeChat(manager, chatId);
      if (opensAt === null) return { closed: true, opensAt: null };
      if (opensAt > nowMs) return { closed: true, opensAt: new Date(opensAt) };
      const items = await this.readDue(manager, chatId, limit);
      const decision = decide(items);
      // Only rows of this look: a decision cannot reach rows it was not shown.
      const read = new Set(items.map((item) => item.id));
      const shown = (ids: readonly number[]) => ids.filter((id) => read.has(id));
      for (const { ids, error } of decision.fail ?? []) {
        await updateRows(manager, shown(ids), OPEN_OUTBOX_STATUSES, failedChanges(error));
      }
      for (const { ids, reason } of decision.skip ?? []) {
        await updateRows(manager, shown(ids), OPEN_OUTBOX_STATUSES, {
          status: 'skipped',
          quietReason: reason,
        });
      }
      for (const { ids, reason, until } of decision.hold ?? []) {
        await updateRows(manager, shown(ids), OPEN_OUTBOX_STATUSES, {
          status: 'held',
          quietReason: reason,
          nextAttemptAt: toEpochMs(until),
        });
      }
      const claim = shown(decision.claim ?? []);
      await updateRows(manager, claim, OPEN_OUTBOX_STATUSES, {
        status: 'sending',
        claimedAt: nowMs,
      });
      if (claim.length > 0) await setChatOpensAt(manager, [chatId], nowMs + CLAIM_TIMEOUT_MS);
      return decision;
    });
  }

  private async readDue(
    manager: EntityManager,
    chatId: string,
    limit: number,
  ): Promise<OutboxItem[]> {
    const query = manager
      .createQueryBuilder(OutboxEntity, 'o')
      .leftJoinAndSelect('o.notification', 'n')
      .leftJoinAndSelect('o.permission', 'p')
      .leftJoinAndSelect('p.answers', 'pa')
      .leftJoinAndSelect('o.session', 's')
      .where('o.chat_id = :chatId', { chatId })
      .andWhere(`o.status IN ${OPEN_STATUSES_SQL}`)
      .andWhere('o.next_attempt_at <= :now', { now: toEpochMs(this.clock()) })
      .orderBy(PRIORITY_SQL, 'ASC')
      .addOrderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(checkLimit(limit));
    const rows = await lockSkippingLocked(query, 'o').getMany();
    return rows.map(toOutboxItem);
  }

  /**
   * The Telegram messages that show this request (in each chat it was sent to, each of its
   * parts), in the order sent, so that they can be edited as it is answered and once it is
   * closed.
   */
  async sentMessageOf(permissionId: number): Promise<SentPermissionMessage[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.chat_id', 'chatId')
      .addSelect('o.telegram_message_id', 'messageId')
      .addSelect('o.part', 'part')
      .where('o.permission_id = :permissionId', { permissionId })
      .andWhere("o.kind = 'permission'")
      .andWhere("o.status = 'sent'")
      .andWhere('o.telegram_message_id IS NOT NULL')
      .orderBy('o.id', 'ASC')
      .getRawMany<{ chatId: string; messageId: number; part: number }>();
    return rows.map((row) => ({
      chatId: row.chatId,
      messageId: Number(row.messageId),
      part: Number(row.part),
    }));
  }

  /**
   * The request a message of this chat shows, when it is one of a request's messages (a
   * person replied to it: the words for a question, or the feedback on a plan); else null.
   */
  async requestMessageAt(chatId: string, messageId: number): Promise<RequestMessageRef | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.permission_id', 'permissionId')
      .addSelect('o.part', 'part')
      .where('o.chat_id = :chatId', { chatId })
      .andWhere('o.telegram_message_id = :messageId', { messageId })
      .andWhere("o.kind = 'permission'")
      .andWhere('o.permission_id IS NOT NULL')
      .orderBy('o.id', 'ASC')
      .limit(1)
      .getRawOne<{ permissionId: number; part: number }>();
    return row ? { permissionId: Number(row.permissionId), part: Number(row.part) } : null;
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
      .andWhere(`o.status IN ${OPEN_STATUSES_SQL}`)
      .getRawMany<{ id: number }>();
    const ids = rows.map((row) => Number(row.id));
    await this.markFailed(ids, reason);
    return ids;
  }

  /**
   * Claimed rows that got no answer within CLAIM_TIMEOUT_MS, from a process that stopped while
   * asking Telegram: they wait again (and may be sent twice, which beats never), and their chats
   * open. Any process may call this at any time: a claim still in time is left alone. Returns
   * how many were released.
   */
  async releaseStaleClaims(): Promise<number> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const staleBefore = toEpochMs(this.clock()) - CLAIM_TIMEOUT_MS;
      const rows = await lockSkippingLocked(
        manager
          .createQueryBuilder(OutboxEntity, 'o')
          .select('o.id', 'id')
          .addSelect('o.chat_id', 'chatId')
          .where("o.status = 'sending'")
          // Rows claimed before claims had a time are stale by now.
          .andWhere('(o.claimed_at IS NULL OR o.claimed_at <= :staleBefore)', { staleBefore }),
        'o',
      ).getRawMany<{ id: number; chatId: string }>();
      const ids = rows.map((row) => Number(row.id));
      await updateRows(manager, ids, ['sending'], { status: 'pending', claimedAt: null });
      await collapseIntoNewer(manager, ids);
      await setChatOpensAt(manager, [...new Set(rows.map((row) => row.chatId))], 0);
      return ids.length;
    });
  }

  /**
   * These claimed rows went out as one Telegram message, silently or not. Their chat opens at
   * `chatOpensAt` (its rate limit), or now.
   */
  async markSent(
    ids: number[],
    telegramMessageId: number,
    options: {
      silent?: boolean;
      quietReason?: OutboxQuietReason | null;
      chatOpensAt?: Date;
    } = {},
  ): Promise<void> {
    const nowMs = toEpochMs(this.clock());
    await this.update(
      ids,
      ['sending'],
      {
        status: 'sent',
        sentAt: nowMs,
        telegramMessageId,
        silent: options.silent ?? false,
        quietReason: options.quietReason ?? null,
      },
      options.chatOpensAt,
    );
  }

  /**
   * A chat may take its next message at `at`: after something sent beside its last message
   * (a whole reply), which kept it closed so that nothing overtook that.
   */
  async openChatAt(chatId: string, at: Date): Promise<void> {
    await runWriteTransaction(this.dataSource, (manager) =>
      setChatOpensAt(manager, [chatId], toEpochMs(at)),
    );
  }

  /**
   * Delivery of these claimed rows failed for now; they wait again until `nextAttemptAt`. A
   * notification of a session that has a newer one waiting by now is superseded by it instead.
   * Their chat opens at `chatOpensAt` (a 429's wait, so that no newer row overtakes them), or
   * now.
   */
  async markRetry(
    ids: number[],
    error: string,
    nextAttemptAt: Date,
    options: { chatOpensAt?: Date } = {},
  ): Promise<void> {
    await runWriteTransaction(this.dataSource, async (manager) => {
      await updateRows(manager, ids, ['sending'], {
        status: 'pending',
        attempts: () => '"attempts" + 1',
        lastError: error.slice(0, MAX_ERROR_CHARS),
        nextAttemptAt: toEpochMs(nextAttemptAt),
        claimedAt: null,
      });
      await collapseIntoNewer(manager, ids);
      await openChatsOf(manager, ids, options.chatOpensAt ?? this.clock());
    });
  }

  /**
   * Delivery failed for good (or the row is no use any more), claimed or still waiting. Their
   * chat opens now.
   */
  async markFailed(ids: number[], error: string): Promise<void> {
    await this.update(
      ids,
      ['sending', ...OPEN_OUTBOX_STATUSES],
      failedChanges(error),
      this.clock(),
    );
  }

  /**
   * The chat's settings changed (quiet hours off, a mute lifted): its held rows are looked at
   * again at the sender's next pass rather than when their hold was to end.
   */
  async recheckHeld(chatId: string): Promise<void> {
    const nowMs = toEpochMs(this.clock());
    await runWriteTransaction(this.dataSource, async (manager) => {
      await manager
        .createQueryBuilder()
        .update(OutboxEntity)
        .set({ nextAttemptAt: nowMs })
        .where('chat_id = :chatId', { chatId })
        .andWhere("status = 'held'")
        .andWhere('next_attempt_at > :now', { now: nowMs })
        .updateEntity(false)
        .execute();
    });
  }

  /** When the earliest waiting message is due (possibly already), or null when none waits. */
  async nextDueAt(): Promise<Date | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('MIN(o.next_attempt_at)', 'nextDueAt')
      .where(`o.status IN ${OPEN_STATUSES_SQL}`)
      .getRawOne<{ nextDueAt: number | null }>();
    return row?.nextDueAt === null || row?.nextDueAt === undefined
      ? null
      : new Date(Number(row.nextDueAt));
  }

  /** Rows by status, of one chat or of all. */
  async countByStatus(chatId?: string): Promise<Record<OutboxStatus, number>> {
    const query = this.dataSource.manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('o.status');
    if (chatId !== undefined) query.where('o.chat_id = :chatId', { chatId });
    const rows = await query.getRawMany<{ status: OutboxStatus; count: number }>();
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
    return rows.map(toSessionView).sort(bySessionName);
  }

  /** Changes rows in a transaction of their own; opens their chats at `chatOpensAt` (or now). */
  private async update(
    ids: number[],
    from: readonly OutboxStatus[],
    changes: RowChanges,
    chatOpensAt: Date = this.clock(),
  ): Promise<void> {
    if (ids.length === 0) return;
    await runWriteTransaction(this.dataSource, async (manager) => {
      await updateRows(manager, ids, from, changes);
      await openChatsOf(manager, ids, chatOpensAt);
    });
  }
}

/**
 * The chat's `outbox_chats` row, made on first use and locked for the rest of the transaction:
 * when its next message may go (epoch ms), or null when another transaction holds it.
 */
async function takeChat(manager: EntityManager, chatId: string): Promise<number | null> {
  await runInsert(
    manager,
    manager
      .createQueryBuilder()
      .insert()
      .into(OutboxChatEntity)
      .values({ chatId, opensAt: 0 })
      .orIgnore(),
    { returnsId: false },
  );
  const row = await lockSkippingLocked(
    manager.createQueryBuilder(OutboxChatEntity, 'c').where('c.chat_id = :chatId', { chatId }),
    'c',
  ).getOne();
  return row ? row.opensAt : null;
}

async function setChatOpensAt(
  manager: EntityManager,
  chatIds: readonly string[],
  atMs: number,
): Promise<void> {
  if (chatIds.length === 0) return;
  await manager
    .createQueryBuilder()
    .update(OutboxChatEntity)
    .set({ opensAt: atMs })
    .where('chat_id IN (:...chatIds)', { chatIds })
    .updateEntity(false)
    .execute();
}

/** Opens the chats of these rows at `at`. */
async function openChatsOf(
  manager: EntityManager,
  ids: readonly number[],
  at: Date,
): Promise<void> {
  if (ids.length === 0) return;
  const chats = new Set<string>();
  for (const part of chunks([...new Set(ids)], IDS_PER_STATEMENT)) {
    const rows = await manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select('DISTINCT o.chat_id', 'chatId')
      .where('o.id IN (:...ids)', { ids: part })
      .getRawMany<{ chatId: string }>();
    for (const row of rows) chats.add(row.chatId);
  }
  await setChatOpensAt(manager, [...chats], toEpochMs(at));
}

type RowChanges = Parameters<UpdateQueryBuilder<OutboxEntity>['set']>[0];

function failedChanges(error: string): RowChanges {
  return {
    status: 'failed',
    attempts: () => '"attempts" + 1',
    lastError: error.slice(0, MAX_ERROR_CHARS),
  };
}

/** Changes these rows, of those in one of the statuses `from`, inside the caller's transaction. */
async function updateRows(
  manager: EntityManager,
  ids: readonly number[],
  from: readonly OutboxStatus[],
  changes: RowChanges,
): Promise<void> {
  for (const part of chunks([...new Set(ids)], IDS_PER_STATEMENT)) {
    await byId(manager, part, from).set(changes).execute();
  }
}

/** An UPDATE of these rows, of those that are in one of the statuses `from`. */
function byId(
  manager: EntityManager,
  ids: readonly number[],
  from: readonly OutboxStatus[],
): {
  set(
    changes: Parameters<UpdateQueryBuilder<OutboxEntity>['set']>[0],
  ): UpdateQueryBuilder<OutboxEntity>;
} {
  return {
    set: (changes) =>
      manager
        .createQueryBuilder()
        .update(OutboxEntity)
        .set(changes)
        .where('id IN (:...ids)', { ids })
        // By key, not by the status index (see withoutIndex).
        .andWhere(`${withoutIndex(engineOf(manager), 'status')} IN (:...statuses)`, {
          statuses: from,
        })
        .updateEntity(false),
  };
}

/**
 * Notifications that are waiting again (after a failed send, or a stale claim released)
 * while a newer one of their session waits in the same chat: latest state wins, so each is
 * superseded by the newest, which now stands for it too.
 */
async function collapseIntoNewer(manager: EntityManager, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  for (const part of chunks([...ids], IDS_PER_STATEMENT)) {
    const rows = await manager
      .createQueryBuilder(OutboxEntity, 'o')
      .select(['o.id', 'o.chatId', 'o.sessionId', 'o.mergedCount'])
      .where('o.id IN (:...ids)', { ids: part })
      .andWhere("o.kind = 'message'")
      .andWhere(`o.status IN ${OPEN_STATUSES_SQL}`)
      .andWhere('o.session_id IS NOT NULL')
      .getMany();
    for (const row of rows) {
      const newer = await manager
        .createQueryBuilder(OutboxEntity, 'o')
        .select('o.id', 'id')
        .where('o.session_id = :sessionId', { sessionId: row.sessionId })
        .andWhere('o.chat_id = :chatId', { chatId: row.chatId })
        .andWhere("o.kind = 'message'")
        .andWhere(`o.status IN ${OPEN_STATUSES_SQL}`)
        .andWhere('o.id > :id', { id: row.id })
        .orderBy('o.id', 'DESC')
        .limit(1)
        .getRawOne<{ id: number }>();
      if (!newer) continue;
      const newerId = Number(newer.id);
      await byId(manager, [newerId], OPEN_OUTBOX_STATUSES)
        .set({ mergedCount: () => '"merged_count" + :standsFor' })
        .setParameter('standsFor', 1 + row.mergedCount)
        .execute();
      await byId(manager, [row.id], OPEN_OUTBOX_STATUSES)
        .set({ status: 'superseded', supersededBy: newerId })
        .execute();
    }
  }
}
