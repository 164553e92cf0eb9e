import { systemClock, type Clock } from '@ccr/shared-util';
import { insertOutboxRows, pendingOutboxRow } from './outbox-row.util';
import {
  PERMISSION_DECISIONS,
  PERMISSION_LIMITS,
  QUESTION_LIMITS,
  type PermissionDecision,
  type PermissionRequestPayload,
  type RequestKind,
  SERVER_ID_PATTERN,
} from '@ccr/protocol';
import {
  DEFAULT_SESSION_TTL_HOURS,
  type SessionView,
  computeExpiry,
  generateSessionToken,
} from '@ccr/session-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { PermissionRequestEntity } from './entities/permission-request.entity';
import { closePendingPermissionsOfSession, closePermissions } from './permission-close.util';
import {
  findRequest,
  isOpen,
  PermissionNotFoundError,
  requestById,
  type PermissionRecord,
} from './request-query.util';
import { applySignal, present, presentTime, upsertSession } from './session-upsert.util';
import {
  type PermissionView,
  toEpochMs,
  toPermissionView,
  toSessionView,
} from './view-mapper.util';
import { engineOf, runInsert, withoutIndex } from './engine-dialect.util';
import { WriteConflict, runWriteTransaction } from './write-transaction.util';

export interface PermissionStoreOptions {
  clock?: Clock;
  /** Defaults to generateSessionToken; replaceable so that a collision can be staged. */
  generateToken?: () => string;
}

/** A permission request as the CLI sends it, `sentAt` read as a time. */
export type CreatePermissionInput = Omit<PermissionRequestPayload, 'sentAt'> & { sentAt?: Date };

export interface CreatePermissionOptions {
  /** The request's messages are queued for each chat; none when Telegram is off. */
  chatIds: string[];
  /**
   * How many messages the request is shown in (one per question of a question request); 1
   * unless given. See requestMessageCount.
   */
  messages?: number;
  /** The session expires this long after this request. Default DEFAULT_SESSION_TTL_HOURS. */
  ttlHours?: number;
}

export interface CreatePermissionResult {
  request: PermissionView;
  session: SessionView;
  /** True when the requestId had been stored before; nothing was changed then. */
  duplicate: boolean;
  /** Older pending requests of the session, now closed as answered on the server. */
  closed: PermissionView[];
}

export interface DecideResult extends PermissionRecord {
  /** False when the request was no longer pending, or had expired: nothing was written. */
  changed: boolean;
}

/** A requestId came back from another server than the one that first sent it. */
export class RequestIdConflictError extends Error {
  override readonly name = 'RequestIdConflictError';

  constructor(readonly requestId: string) {
    super(`requestId ${requestId} was already stored for another server`);
  }
}

/** A button of one kind of request pressed on another (an old or forged callback). */
export class RequestKindMismatchError extends Error {
  override readonly name = 'RequestKindMismatchError';

  constructor(
    readonly id: number,
    readonly expected: RequestKind,
    readonly actual: RequestKind,
  ) {
    super(`request ${id} is a ${actual}, not a ${expected}`);
  }
}

/** A person's name as Telegram gives it is short; this bounds what is stored. */
export const MAX_DECIDED_BY_CHARS = 128;
/** A request is shown in one message per question at most, and a plan in two. */
const MAX_MESSAGES = QUESTION_LIMITS.questions;
/** The hub expires a request when the CLI stops waiting; more than a day is a mistake. */
export const MAX_PERMISSION_TIMEOUT_SECONDS = 24 * 60 * 60;

/**
 * Permission requests: hub-api stores them and waits for their status to change; hub-bot
 * decides them from a button press. Both write the same database, each process through its own
 * DataSource, so a request leaves `pending` once, by whichever process gets there first.
 */
export class PermissionStore {
  private readonly clock: Clock;
  private readonly generateToken: () => string;

  constructor(
    private readonly dataSource: DataSource,
    options: PermissionStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.generateToken = options.generateToken ?? generateSessionToken;
  }

  /**
   * Stores a request in one transaction: finds or starts its session as a notification
   * would, closes the session's older pending requests (Claude asks one thing at a time, so
   * they were answered in the terminal), and queues one `permission` message per chat.
   * A requestId seen before returns the stored request with `duplicate: true`.
   * @throws RequestIdConflictError when the requestId belongs to another server.
   */
  async create(
    input: CreatePermissionInput,
    options: CreatePermissionOptions,
  ): Promise<CreatePermissionResult> {
    checkInput(input);
    const ttlHours = options.ttlHours ?? DEFAULT_SESSION_TTL_HOURS;
    computeExpiry(new Date(0), ttlHours); // fails fast on a TTL that is not positive
    const chatIds = [...new Set(options.chatIds)];
    const messages = options.messages ?? 1;
    if (!Number.isSafeInteger(messages) || messages < 1 || messages > MAX_MESSAGES) {
      throw new RangeError(`messages must be 1–${MAX_MESSAGES}, got ${messages}`);
    }
    const toolInput = JSON.stringify(input.toolInput);
    const suggestions = JSON.stringify(input.permissionSuggestions ?? []);

    return runWriteTransaction(this.dataSource, async (manager) => {
      // Read inside the transaction, so that times follow the order of commits.
      const now = this.clock();
      const nowMs = toEpochMs(now);
      const stored = await findRequest(manager, 'p.request_id = :requestId', {
        requestId: input.requestId,
      });
      if (stored) {
        if (stored.session.serverId !== input.serverId) {
          throw new RequestIdConflictError(input.requestId);
        }
        return { ...stored, duplicate: true, closed: [] };
      }

      const { session, hasPendingPermissions } = await upsertSession(
        manager,
        {
          serverId: input.serverId,
          type: 'permission',
          signal: { kind: 'asking', promptId: present(input.promptId) ?? undefined },
          project: input.project,
          claudeSessionId: input.claudeSessionId,
          cwd: input.cwd,
          hostname: input.hostname,
          tmux: input.tmux,
        },
        now,
        { ttlHours, generateToken: this.generateToken },
      );
      const closed = hasPendingPermissions
        ? await closePendingPermissionsOfSession(manager, session.id, nowMs)
        : [];

      const row: Omit<PermissionRequestEntity, 'id' | 'session'> = {
        requestId: input.requestId,
        sessionId: session.id,
        toolName: input.toolName,
        toolInput,
        suggestions,
        permissionMode: present(input.permissionMode),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        createdAt: nowMs,
        expiresAt: nowMs + input.timeoutSeconds * 1000,
        feedback: null,
        feedbackAskedAt: null,
        promptId: present(input.promptId),
        sentAt: presentTime(input.sentAt),
      };
      // The request id is claimed by the INSERT itself (see SessionStore.recordAndQueueNotification).
      const { id: permissionId } = await runInsert(
        manager,
        manager
          .createQueryBuilder()
          .insert()
          .into(PermissionRequestEntity)
          .values(row)
          .onConflict('("request_id") DO NOTHING'),
      );
      if (permissionId === null) {
        throw new WriteConflict(`requestId ${input.requestId} stored meanwhile`);
      }

      if (chatIds.length > 0) {
        // A chat's messages in order of their part: the sender takes a chat's rows by id.
        await insertOutboxRows(
          manager,
          chatIds.flatMap((chatId) =>
            Array.from({ length: messages }, (_, part) =>
              pendingOutboxRow(
                chatId,
                { kind: 'permission', permissionId, part },
                session.id,
                nowMs,
              ),
            ),
          ),
        );
      }

      return {
        request: toPermissionView({ ...row, id: permissionId }),
        session: toSessionView(session),
        duplicate: false,
        closed: closed.map(toPermissionView),
      };
    });
  }

  /** The request the CLI knows by this id, with its session; null when there is none. */
  get(requestId: string): Promise<PermissionRecord | null> {
    return findRequest(this.dataSource.manager, 'p.request_id = :requestId', { requestId });
  }

  /** The request a Telegram button names, with its session; null when there is none. */
  getById(id: number): Promise<PermissionRecord | null> {
    return findRequest(this.dataSource.manager, 'p.id = :id', { id });
  }

  /**
   * Records a person's answer to a permission (Allow / Allow for session / Deny); the session,
   * which was asking, is working again. Only a pending request that has not expired changes: a
   * second press, or a press after expiry (even before expireDue ran), writes nothing and
   * returns `changed: false` with the request as it is. Questions and plans are answered
   * through AnswerStore.
   * @throws PermissionNotFoundError when no request has this id.
   * @throws RequestKindMismatchError when the request is a question or a plan.
   */
  async decide(id: number, decision: PermissionDecision, decidedBy: string): Promise<DecideResult> {
    if (!(PERMISSION_DECISIONS as readonly string[]).includes(decision)) {
      throw new TypeError(`"${String(decision)}" is not a permission decision`);
    }
    const by = decidedBy.trim().slice(0, MAX_DECIDED_BY_CHARS) || null;
    return runWriteTransaction(this.dataSource, async (manager) => {
      const now = this.clock();
      const nowMs = toEpochMs(now);
      const stored = await requestById(manager, id);
      const { request } = stored;
      if (request.kind !== 'permission') {
        throw new RequestKindMismatchError(id, 'permission', request.kind);
      }
      if (!isOpen(request, nowMs)) return { ...stored, changed: false };
      const updated = await manager
        .createQueryBuilder()
        .update(PermissionRequestEntity)
        .set({ status: decision, decidedBy: by, decidedAt: nowMs })
        .where('id = :id', { id })
        .andWhere(`${withoutIndex(engineOf(manager), 'status')} = 'pending'`)
        .updateEntity(false)
        .execute();
      // Another process decided it between the read and this write (PostgreSQL lets both
      // read it pending; the row lock makes this UPDATE find it decided): theirs stands.
      if (updated.affected !== 1) {
        const current = await findRequest(manager, 'p.id = :id', { id });
        return { ...(current ?? stored), changed: false };
      }
      const session = await applySignal(manager, request.sessionId, { kind: 'answered' }, now);
      return {
        session: session ? toSessionView(session) : stored.session,
        request: { ...request, status: decision, decidedBy: by, decidedAt: new Date(nowMs) },
        changed: true,
      };
    });
  }

  /**
   * Closes a pending request as answered in the terminal, which its waiting CLI saw in the
   * transcript, and queues the edit of its messages; its session, which was asking, is working
   * again. A request no longer pending is returned as it is, with `changed: false` (a person's
   * answer from Telegram got there first).
   * @throws PermissionNotFoundError when the server has no request with this id.
   */
  async answeredOnServer(serverId: string, requestId: string): Promise<DecideResult> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      const stored = await findRequest(manager, 'p.request_id = :requestId', { requestId });
      // Another server's request is as unknown to this one as a request never made.
      if (!stored || stored.session.serverId !== serverId) {
        throw new PermissionNotFoundError(requestId);
      }
      if (stored.request.status !== 'pending') return { ...stored, changed: false };
      const rows = await manager
        .createQueryBuilder(PermissionRequestEntity, 'p')
        .where('p.id = :id', { id: stored.request.id })
        .getMany();
      const closed = await closePermissions(manager, rows, 'answered-on-server', nowMs);
      // A person's answer from Telegram was committed since the read above: theirs stands.
      if (closed.length === 0) {
        const current = await findRequest(manager, 'p.id = :id', { id: stored.request.id });
        return { ...(current ?? stored), changed: false };
      }
      // Claude went on as soon as the terminal answered.
      const session = await applySignal(
        manager,
        stored.request.sessionId,
        { kind: 'answered' },
        new Date(nowMs),
      );
      return {
        session: session ? toSessionView(session) : stored.session,
        request: { ...stored.request, status: 'answered-on-server', decidedAt: new Date(nowMs) },
        changed: true,
      };
    });
  }

  /**
   * Expires pending requests whose CLI has stopped waiting, queueing the edit of each one's
   * message. Returns the requests expired now.
   */
  async expireDue(): Promise<PermissionView[]> {
    // A read first, so that a call with nothing due takes no write lock.
    if (!(await this.anyDue(this.dataSource.manager, toEpochMs(this.clock())))) return [];
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      const due = await manager
        .createQueryBuilder(PermissionRequestEntity, 'p')
        .where("p.status = 'pending'")
        .andWhere('p.expires_at <= :now', { now: nowMs })
        .getMany();
      const expired = await closePermissions(manager, due, 'expired', nowMs);
      return expired.map(toPermissionView);
    });
  }

  /** When the next pending request expires (possibly already), or null when none is pending. */
  async nextExpiryAt(): Promise<Date | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(PermissionRequestEntity, 'p')
      .select('MIN(p.expires_at)', 'nextExpiryAt')
      .where("p.status = 'pending'")
      .getRawOne<{ nextExpiryAt: number | null }>();
    return row?.nextExpiryAt === null || row?.nextExpiryAt === undefined
      ? null
      : new Date(Number(row.nextExpiryAt));
  }

  private async anyDue(manager: EntityManager, nowMs: number): Promise<boolean> {
    const row = await manager
      .createQueryBuilder(PermissionRequestEntity, 'p')
      .select('p.id', 'id')
      .where("p.status = 'pending'")
      .andWhere('p.expires_at <= :now', { now: nowMs })
      .limit(1)
      .getRawOne<{ id: number }>();
    return row !== undefined;
  }
}

/** The HTTP layer validates the same bounds; this keeps other callers honest. */
function checkInput(input: CreatePermissionInput): void {
  if (!SERVER_ID_PATTERN.test(input.serverId)) {
    throw new TypeError(`serverId "${input.serverId}" does not match ${String(SERVER_ID_PATTERN)}`);
  }
  if (input.requestId === '' || input.requestId.length > PERMISSION_LIMITS.requestId) {
    throw new RangeError(`requestId must be 1–${PERMISSION_LIMITS.requestId} characters`);
  }
  if (input.toolName === '' || input.toolName.length > PERMISSION_LIMITS.toolName) {
    throw new RangeError(`toolName must be 1–${PERMISSION_LIMITS.toolName} characters`);
  }
  if (JSON.stringify(input.toolInput).length > PERMISSION_LIMITS.toolInputChars) {
    throw new RangeError(
      `toolInput must be at most ${PERMISSION_LIMITS.toolInputChars} characters of JSON`,
    );
  }
  if ((input.permissionSuggestions?.length ?? 0) > PERMISSION_LIMITS.suggestions) {
    throw new RangeError(`at most ${PERMISSION_LIMITS.suggestions} permission suggestions`);
  }
  if (
    !Number.isSafeInteger(input.timeoutSeconds) ||
    input.timeoutSeconds < 1 ||
    input.timeoutSeconds > MAX_PERMISSION_TIMEOUT_SECONDS
  ) {
    throw new RangeError(
      `timeoutSeconds must be a whole number from 1 to ${MAX_PERMISSION_TIMEOUT_SECONDS}, got ${input.timeoutSeconds}`,
    );
  }
}
