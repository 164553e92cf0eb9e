import type { NotificationType } from '@ccr/protocol';
import {
  computeExpiry,
  hasTmuxLocation,
  nextSessionStatus,
  sanitizeTmuxLocation,
  sessionKeyFor,
  type SessionStatus,
  type StateSignal,
} from '@ccr/session-domain';
import type { EntityManager } from 'typeorm';
import { lockForUpdate, runInsert, runSql } from './engine-dialect.util';
import { WriteConflict } from './write-transaction.util';
import { type EventTurn, waitsOnLaterPrompt } from './permission-close.util';
import { ServerCounterEntity } from './entities/server-counter.entity';
import { SessionEntity } from './entities/session.entity';
import { toEpochMs, toSessionStatus } from './view-mapper.util';

/** What any event from a Claude session tells about that session. */
export interface SessionEventInput {
  serverId: string;
  /**
   * A notification's type, `permission` for a request; absent for a session event
   * (SessionStart…), which leaves the last one as it was.
   */
  type?: NotificationType;
  /** What the event says about the session's state. */
  signal: StateSignal;
  /**
   * The event's turn, when it may be old news: the state then stays where a request of a
   * later prompt put it (see waitsOnLaterPrompt).
   */
  turn?: EventTurn;
  project: string;
  claudeSessionId?: string;
  cwd?: string;
  hostname?: string;
  tmux?: { session?: string; window?: string; pane?: string };
}

export interface UpsertSessionOptions {
  /** A session expires this long after its last event. */
  ttlHours: number;
  generateToken: () => string;
}

/** Tokens come from 36^8 values; a second collision in a row means something else is wrong. */
const MAX_TOKEN_ATTEMPTS = 5;

export function present(value: string | undefined | null): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

/** A time a hook gave, in epoch milliseconds; null when there is none or it is no time. */
export function presentTime(date: Date | undefined): number | null {
  return date && !Number.isNaN(date.getTime()) ? date.getTime() : null;
}

/** The session after an event, and its status before it (undefined: the event started it). */
export interface UpsertedSession {
  session: SessionEntity;
  before: SessionStatus | undefined;
  /**
   * Whether the session has a pending permission request, read with the session itself: when
   * it has none (the usual case, and always for a new session), the callers skip the queries
   * that would look for one.
   */
  hasPendingPermissions: boolean;
}

/** The live row's column that says whether it has a pending request (see UpsertedSession). */
const PENDING_PERMISSIONS = 'pending_permissions';

/** The columns that hold a status. */
function statusColumns(
  status: SessionStatus,
): Pick<SessionEntity, 'state' | 'stateSince' | 'statePromptId'> {
  return {
    state: status.state,
    stateSince: toEpochMs(status.since),
    statePromptId: status.promptId,
  };
}

/**
 * The live session this event belongs to, updated, or a new one, with its state moved on by
 * the event's signal. An expired session is never revived: its name and token stay dead, and
 * the event starts a new session. Runs inside the caller's write transaction; every store that
 * hears from a session calls it.
 */
export async function upsertSession(
  manager: EntityManager,
  input: SessionEventInput,
  now: Date,
  options: UpsertSessionOptions,
): Promise<UpsertedSession> {
  const nowMs = toEpochMs(now);
  const expiresAt = toEpochMs(computeExpiry(now, options.ttlHours));
  const tmux = sanitizeTmuxLocation(input.tmux);
  const claudeSessionId = present(input.claudeSessionId);
  const sessionKey = sessionKeyFor({
    claudeSessionId,
    tmuxPane: tmux.pane,
    project: input.project,
  });

  // Locked on PostgreSQL: another transaction's event for this session (another replica, or
  // this process on another pooled connection) waits here until this one commits, and then
  // reads the state this one leaves, so neither moves the state on from a stale read.
  const { entities, raw } = await lockForUpdate(
    manager
      .createQueryBuilder(SessionEntity, 's')
      .addSelect(
        `EXISTS (SELECT 1 FROM "permission_requests" "p" WHERE "p"."session_id" = "s"."id" AND "p"."status" = 'pending')`,
        PENDING_PERMISSIONS,
      )
      .where('s.server_id = :serverId', { serverId: input.serverId })
      .andWhere('s.session_key = :sessionKey', { sessionKey })
      .andWhere('s.expires_at > :now', { now: nowMs })
      .orderBy('s.expires_at', 'DESC')
      .limit(1),
    's',
  ).getRawAndEntities<Record<string, unknown>>();
  const live = entities.at(0);

  if (live) {
    // A tmux location is reported whole or not at all; mixing parts of two reports could
    // point at a pane in another window.
    const location = hasTmuxLocation(tmux)
      ? tmux
      : { session: live.tmuxSession, window: live.tmuxWindow, pane: live.tmuxPane };
    const before = toSessionStatus(live);
    // SQLite answers 0 or 1, PostgreSQL false or true.
    const hasPendingPermissions = Number(raw[0]?.[PENDING_PERMISSIONS]) === 1;
    const oldNews =
      hasPendingPermissions &&
      input.turn !== undefined &&
      (await waitsOnLaterPrompt(manager, live.id, input.turn));
    const changes: Partial<SessionEntity> = {
      project: input.project,
      cwd: present(input.cwd) ?? live.cwd,
      hostname: present(input.hostname) ?? live.hostname,
      tmuxSession: location.session,
      tmuxWindow: location.window,
      tmuxPane: location.pane,
      lastType: input.type ?? live.lastType,
      ...(oldNews ? {} : statusColumns(nextSessionStatus(before, input.signal, now))),
      lastEventAt: nowMs,
      expiresAt,
    };
    await manager
      .createQueryBuilder()
      .update(SessionEntity)
      .set(changes)
      .where('id = :id', { id: live.id })
      .updateEntity(false)
      .execute();
    return { session: Object.assign(live, changes), before, hasPendingPermissions };
  }

  // The expired session that held the key gives it up to the one starting now.
  await manager
    .createQueryBuilder()
    .update(SessionEntity)
    .set({ liveKey: null })
    .where('server_id = :serverId', { serverId: input.serverId })
    .andWhere('live_key = :sessionKey', { sessionKey })
    .andWhere('expires_at <= :now', { now: nowMs })
    .updateEntity(false)
    .execute();
  const seq = await nextSeq(manager, input.serverId);
  const row: Omit<SessionEntity, 'id'> = {
    serverId: input.serverId,
    seq,
    token: '',
    claudeSessionId,
    sessionKey,
    liveKey: sessionKey,
    project: input.project,
    cwd: present(input.cwd),
    hostname: present(input.hostname),
    tmuxSession: tmux.session,
    tmuxWindow: tmux.window,
    tmuxPane: tmux.pane,
    lastType: input.type ?? '',
    ...statusColumns(nextSessionStatus(undefined, input.signal, now)),
    createdAt: nowMs,
    lastEventAt: nowMs,
    expiresAt,
  };
  for (let attempt = 1; attempt <= MAX_TOKEN_ATTEMPTS; attempt++) {
    row.token = options.generateToken();
    // A conflict adds no row rather than failing, which would abort a PostgreSQL transaction.
    const { id } = await runInsert(
      manager,
      manager.createQueryBuilder().insert().into(SessionEntity).values(row).orIgnore(),
    );
    if (id !== null) {
      return { session: { ...row, id }, before: undefined, hasPendingPermissions: false };
    }
    // Another process started this key's session since the lookup above (only PostgreSQL lets
    // two writers get this far): run again, and this event goes to theirs. The number drawn
    // here goes back with the rollback.
    if (await keyTaken(manager, input.serverId, sessionKey)) {
      throw new WriteConflict(`session ${sessionKey} on ${input.serverId} started meanwhile`);
    }
    // Else the token was taken: the loop draws another.
  }
  throw new Error(`no free session token after ${MAX_TOKEN_ATTEMPTS} tries`);
}

async function keyTaken(manager: EntityManager, serverId: string, key: string): Promise<boolean> {
  const row = await manager
    .createQueryBuilder(SessionEntity, 's')
    .select('s.id', 'id')
    .where('s.server_id = :serverId', { serverId })
    .andWhere('s.live_key = :key', { key })
    .getRawOne<{ id: number }>();
  return row !== undefined;
}

/** Counts up per server and never goes back, whatever happens to old sessions. */
async function nextSeq(manager: EntityManager, serverId: string): Promise<number> {
  await runSql(
    manager,
    `INSERT INTO "server_counters" ("server_id", "last_seq") VALUES (:serverId, 1)
     ON CONFLICT ("server_id") DO UPDATE SET "last_seq" = "server_counters"."last_seq" + 1`,
    { serverId },
  );
  const counter = await manager.findOneByOrFail(ServerCounterEntity, { serverId });
  return counter.lastSeq;
}

/**
 * Moves a session's state on by a signal that is not an event from the session itself (a
 * permission answered from Telegram): its expiry and last event stay as they were. Runs inside
 * the caller's write transaction; returns the row as it is now.
 */
export async function applySignal(
  manager: EntityManager,
  sessionId: number,
  signal: StateSignal,
  now: Date,
): Promise<SessionEntity | null> {
  const row = await manager.findOneBy(SessionEntity, { id: sessionId });
  if (!row) return null;
  const next = statusColumns(nextSessionStatus(toSessionStatus(row), signal, now));
  if (next.state === row.state && next.statePromptId === row.statePromptId) return row;
  await manager
    .createQueryBuilder()
    .update(SessionEntity)
    .set(next)
    .where('id = :id', { id: sessionId })
    .updateEntity(false)
    .execute();
  return Object.assign(row, next);
}
