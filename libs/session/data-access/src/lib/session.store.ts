import { systemClock, type Clock } from '@ccr/shared-util';
import { queueNotificationMessage } from './outbox-row.util';
import {
  type NotificationType,
  SERVER_ID_PATTERN,
  type SessionEvent,
  isNotificationType,
  isSessionEvent,
} from '@ccr/protocol';
import {
  type NotificationView,
  SessionError,
  type SessionView,
  type StateSignal,
  computeExpiry,
  formatSessionName,
  generateSessionToken,
  parseSessionRef,
  signalOfNotification,
} from '@ccr/session-domain';
import { type DataSource, MoreThan } from 'typeorm';
import { NotificationEntity } from './entities/notification.entity';
import { SessionEntity } from './entities/session.entity';
import { closeLaunchOfSession, linkLaunch } from './launch.store';
import {
  type EventTurn,
  closePendingPermissionsOfSession,
  hasWaitingPermission,
} from './permission-close.util';
import { present, presentTime, upsertSession } from './session-upsert.util';
import {
  type PermissionView,
  bySessionName,
  toEpochMs,
  toNotificationView,
  toPermissionView,
  toSessionView,
} from './view-mapper.util';
import { runInsert } from './engine-dialect.util';
import { WriteConflict, runWriteTransaction } from './write-transaction.util';

export interface SessionStoreOptions {
  /** A session expires this long after its last notification. */
  ttlHours: number;
  clock?: Clock;
  /** Defaults to generateSessionToken; replaceable so that a collision can be staged. */
  generateToken?: () => string;
}

export interface NotificationInput {
  serverId: string;
  type: NotificationType;
  project: string;
  claudeSessionId?: string;
  cwd?: string;
  hostname?: string;
  tmux?: { session?: string; window?: string; pane?: string };
  message?: string;
  event?: string;
  /** Claude Code's prompt id: the turn the notification belongs to. */
  promptId?: string;
  eventId?: string;
  sentAt?: Date;
  metadata?: Record<string, unknown>;
}

/** A SessionStart, UserPromptSubmit or SessionEnd: where a session stands, worth no message. */
export interface RecordSessionEventInput {
  serverId: string;
  event: SessionEvent;
  project: string;
  claudeSessionId?: string;
  cwd?: string;
  hostname?: string;
  tmux?: { session?: string; window?: string; pane?: string };
  promptId?: string;
  /** SessionEnd's reason: `clear` ends a session in a window that stays open. */
  reason?: string;
  /** When the hook sent it, by the server's clock. */
  sentAt?: Date;
}

export interface RecordSessionEventResult {
  session: SessionView;
  /** The session's permission requests this event showed were answered in the terminal. */
  closedPermissions: PermissionView[];
  /** The window hub-bot opened that this SessionStart came from, if any. */
  launchId: number | null;
}

export interface RecordedNotification {
  session: SessionView;
  notification: NotificationView;
  /** True when the eventId had been stored before; nothing was changed then. */
  duplicate: boolean;
  /** The session's permission requests this event showed were answered in the terminal. */
  closedPermissions: PermissionView[];
  /**
   * True when no Telegram message was queued for this `permission` notification: a pending
   * permission request of the session is waiting on that very dialog, and its message (with
   * the buttons) already says so.
   */
  shownByPermissionRequest: boolean;
}

export interface ServerSummary {
  serverId: string;
  lastSeenAt: Date;
  liveSessions: number;
  totalSessions: number;
}

/** An eventId came back from another server than the one that first sent it. */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';

  constructor(readonly eventId: string) {
    super(`eventId ${eventId} was already stored for another server`);
  }
}

/** Sessions and their notifications, in the database both hub apps share. */
export class SessionStore {
  private readonly ttlHours: number;
  private readonly clock: Clock;
  private readonly generateToken: () => string;

  constructor(
    private readonly dataSource: DataSource,
    options: SessionStoreOptions,
  ) {
    computeExpiry(new Date(0), options.ttlHours); // fails fast on a TTL that is not positive
    this.ttlHours = options.ttlHours;
    this.clock = options.clock ?? systemClock;
    this.generateToken = options.generateToken ?? generateSessionToken;
  }

  /**
   * The hub's intake of one notification, in one write transaction: records it, finds its live
   * session or opens one (sliding the expiry, moving the state on), closes the session's pending
   * requests the notification shows Claude is past, and queues one Telegram message per chat,
   * which supersedes the session's messages still waiting there (latest state wins). An eventId
   * stored before returns what it stored, with `duplicate: true`, and changes nothing.
   * @throws EventIdConflictError when the eventId belongs to another server.
   */
  async recordAndQueueNotification(
    input: NotificationInput,
    options: { chatIds: string[] },
  ): Promise<RecordedNotification> {
    if (!SERVER_ID_PATTERN.test(input.serverId)) {
      throw new TypeError(
        `serverId "${input.serverId}" does not match ${String(SERVER_ID_PATTERN)}`,
      );
    }
    if (!isNotificationType(input.type)) {
      throw new TypeError(`"${String(input.type)}" is not a notification type`);
    }
    const chatIds = [...new Set(options.chatIds)];
    const eventId = present(input.eventId);
    const metadata = JSON.stringify(input.metadata ?? {});
    const sentAtMs = presentTime(input.sentAt);
    const turn: EventTurn = { promptId: present(input.promptId), sentAtMs };

    // A new event is the usual case, and the notification's INSERT claims its id anyway: the
    // first run goes without looking for it. When the INSERT finds it stored, the run is rolled
    // back, and the next looks first and answers with what was stored.
    let lookForStored = false;
    return runWriteTransaction(this.dataSource, async (manager) => {
      // Read inside the transaction, so that times follow the order of commits.
      const now = this.clock();
      const nowMs = toEpochMs(now);
      const look = lookForStored;
      lookForStored = true;
      if (eventId !== null && look) {
        const stored = await manager
          .createQueryBuilder(NotificationEntity, 'n')
          .innerJoinAndSelect('n.session', 's')
          .where('n.event_id = :eventId', { eventId })
          .getOne();
        if (stored?.session) {
          if (stored.session.serverId !== input.serverId) throw new EventIdConflictError(eventId);
          return {
            session: toSessionView(stored.session),
            notification: toNotificationView(stored),
            duplicate: true,
            closedPermissions: [],
            shownByPermissionRequest: false,
          };
        }
      }

      const { session, hasPendingPermissions } = await upsertSession(
        manager,
        {
          ...input,
          signal: signalOfNotification(
            input.type,
            present(input.event) ?? undefined,
            input.promptId,
          ),
          turn,
        },
        now,
        { ttlHours: this.ttlHours, generateToken: this.generateToken },
      );
      // Claude is past any permission dialog of this session once it finished, waits at its
      // prompt or failed. A `permission` notification is not such news: Claude Code sends it
      // for the very dialog a permission request waits on, and while the request's CLI still
      // waits, its message already asks with buttons, so the notification is stored unsent.
      const closed =
        input.type === 'permission' || !hasPendingPermissions
          ? []
          : await closePendingPermissionsOfSession(manager, session.id, nowMs, turn);
      const shownByPermissionRequest =
        input.type === 'permission' &&
        hasPendingPermissions &&
        (await hasWaitingPermission(manager, session.id, nowMs));

      const notification: Omit<NotificationEntity, 'id' | 'session'> = {
        sessionId: session.id,
        eventId,
        type: input.type,
        event: present(input.event),
        message: input.message ?? null,
        metadata,
        sentAt: sentAtMs,
        receivedAt: nowMs,
      };
      // The event id is claimed by the INSERT itself: stored before, or by another hub-api
      // storing the same event at this moment, it adds nothing, and the transaction runs again
      // to find that one.
      const { id: notificationId } = await runInsert(
        manager,
        manager
          .createQueryBuilder()
          .insert()
          .into(NotificationEntity)
          .values(notification)
          .onConflict('("event_id") DO NOTHING'),
      );
      if (notificationId === null) throw new WriteConflict(`eventId ${eventId} stored meanwhile`);

      if (chatIds.length > 0 && !shownByPermissionRequest) {
        await queueNotificationMessage(manager, {
          chatIds,
          sessionId: session.id,
          notificationId,
          nowMs,
        });
      }

      return {
        session: toSessionView(session),
        notification: toNotificationView({ ...notification, id: notificationId }),
        duplicate: false,
        closedPermissions: closed.map(toPermissionView),
        shownByPermissionRequest,
      };
    });
  }

  /**
   * Records a session event in one transaction: finds or starts its session and moves its
   * state on; queues no message. A prompt that is news, and the end of a session, close its
   * pending permission requests as answered in the terminal. A SessionStart in a window hub-bot
   * opened names that window's session; a SessionEnd other than `/clear`'s marks the window
   * gone with Claude.
   */
  async recordSessionEvent(input: RecordSessionEventInput): Promise<RecordSessionEventResult> {
    if (!SERVER_ID_PATTERN.test(input.serverId)) {
      throw new TypeError(
        `serverId "${input.serverId}" does not match ${String(SERVER_ID_PATTERN)}`,
      );
    }
    if (!isSessionEvent(input.event)) {
      throw new TypeError(`"${String(input.event)}" is not a session event`);
    }
    const promptId = present(input.promptId) ?? undefined;
    const turn: EventTurn = { promptId: promptId ?? null, sentAtMs: presentTime(input.sentAt) };
    const signal: StateSignal =
      input.event === 'SessionStart'
        ? { kind: 'started' }
        : input.event === 'UserPromptSubmit'
          ? { kind: 'prompted', promptId }
          : { kind: 'ended' };

    return runWriteTransaction(this.dataSource, async (manager) => {
      const now = this.clock();
      const nowMs = toEpochMs(now);
      const { session, before, hasPendingPermissions } = await upsertSession(
        manager,
        { ...input, signal, turn },
        now,
        { ttlHours: this.ttlHours, generateToken: this.generateToken },
      );
      const newPrompt =
        input.event === 'UserPromptSubmit' &&
        (promptId === undefined || before?.promptId !== promptId);
      const closed =
        hasPendingPermissions && (newPrompt || input.event === 'SessionEnd')
          ? await closePendingPermissionsOfSession(manager, session.id, nowMs, turn)
          : [];
      let launchId: number | null = null;
      if (input.event === 'SessionStart') {
        launchId = await linkLaunch(manager, input.serverId, session.tmuxPane, session.id);
      } else if (input.event === 'SessionEnd' && input.reason !== 'clear') {
        await closeLaunchOfSession(manager, session.id, nowMs);
      }
      return {
        session: toSessionView(session),
        closedPermissions: closed.map(toPermissionView),
        launchId,
      };
    });
  }

  /** Live sessions by server, then number. */
  async listLive(): Promise<SessionView[]> {
    // Sorted here rather than in SQL: with ORDER BY, SQLite walks every session ever stored
    // in name order instead of the few live ones by the expiry index.
    const rows = await this.dataSource.manager.find(SessionEntity, {
      where: { expiresAt: MoreThan(toEpochMs(this.clock())) },
    });
    return rows.map(toSessionView).sort(bySessionName);
  }

  /**
   * The session a Telegram button names by its row id, live or expired (the caller says which
   * it is); null when there is none.
   */
  async getById(id: number): Promise<SessionView | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const row = await this.dataSource.getRepository(SessionEntity).findOneBy({ id });
    return row ? toSessionView(row) : null;
  }

  /**
   * The live session a user means by `kr4:1` or a token.
   * @throws SessionError InvalidRef, NotFound, or Expired for a session that existed.
   */
  async resolve(ref: string): Promise<SessionView> {
    const parsed = parseSessionRef(ref);
    if (!parsed) throw SessionError.invalidRef(ref);
    const repository = this.dataSource.getRepository(SessionEntity);
    const row =
      parsed.kind === 'name'
        ? await repository.findOneBy({ serverId: parsed.serverId, seq: parsed.seq })
        : await repository.findOneBy({ token: parsed.token });
    if (!row) {
      throw SessionError.notFound(
        parsed.kind === 'name' ? formatSessionName(parsed.serverId, parsed.seq) : parsed.token,
      );
    }
    const session = toSessionView(row);
    if (row.expiresAt <= toEpochMs(this.clock())) {
      throw SessionError.expired(session.name, session.expiresAt, session.lastEventAt);
    }
    return session;
  }

  /** One line per server that ever sent a notification, by server id. */
  async serverSummaries(): Promise<ServerSummary[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(SessionEntity, 's')
      .select('s.server_id', 'serverId')
      .addSelect('MAX(s.last_event_at)', 'lastSeenAt')
      .addSelect('SUM(CASE WHEN s.expires_at > :now THEN 1 ELSE 0 END)', 'liveSessions')
      .addSelect('COUNT(*)', 'totalSessions')
      .setParameter('now', toEpochMs(this.clock()))
      .groupBy('s.server_id')
      .orderBy('s.server_id', 'ASC')
      .getRawMany<{
        serverId: string;
        lastSeenAt: number;
        liveSessions: number;
        totalSessions: number;
      }>();
    return rows.map((row) => ({
      serverId: row.serverId,
      lastSeenAt: new Date(Number(row.lastSeenAt)),
      liveSessions: Number(row.liveSessions),
      totalSessions: Number(row.totalSessions),
    }));
  }
}
