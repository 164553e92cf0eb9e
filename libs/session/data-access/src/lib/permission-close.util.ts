import { IDS_PER_STATEMENT, chunks, insertOutboxRows, pendingOutboxRow } from './outbox-row.util';
import type { EntityManager } from 'typeorm';
import { engineOf, lockForUpdate, withoutIndex } from './engine-dialect.util';
import { OutboxEntity } from './entities/outbox.entity';
import { PermissionRequestEntity } from './entities/permission-request.entity';

/** How a pending request can end without a person deciding it. */
export type PermissionClosing = 'expired' | 'answered-on-server';

/**
 * True when a permission request of this session is pending and its CLI still waits: Claude
 * Code's dialog is then on screen, and the request's message asks about it with buttons.
 */
export async function hasWaitingPermission(
  manager: EntityManager,
  sessionId: number,
  nowMs: number,
): Promise<boolean> {
  const row = await manager
    .createQueryBuilder(PermissionRequestEntity, 'p')
    .select('p.id', 'id')
    .where('p.session_id = :sessionId', { sessionId })
    .andWhere("p.status = 'pending'")
    .andWhere('p.expires_at > :now', { now: nowMs })
    .limit(1)
    .getRawOne<{ id: number }>();
  return row !== undefined;
}

/** Which turn of its session an event belongs to, as far as its hook said. */
export interface EventTurn {
  /** Claude Code's `prompt_id`; null from hooks that do not send it. */
  promptId: string | null;
  /** When the hook sent the event, by the server's clock; null when unknown. */
  sentAtMs: number | null;
}

/**
 * True when the event belongs to an earlier prompt than the request: another prompt id, sent
 * before the request was. Prompt ids are random, so two turns are ordered by when their hooks
 * sent them; both ran on the same server, and a spooled event keeps the time it was first sent
 * at. Without a prompt id or a time on either side nothing is known, and the event counts as
 * newer, as it did before requests kept their turn.
 */
export function isOfEarlierPrompt(
  event: EventTurn,
  request: Pick<PermissionRequestEntity, 'promptId' | 'sentAt'>,
): boolean {
  if (event.promptId === null || request.promptId === null) return false;
  if (event.promptId === request.promptId) return false;
  if (event.sentAtMs === null || request.sentAt === null) return false;
  return event.sentAtMs < request.sentAt;
}

function pendingOfSession(
  manager: EntityManager,
  sessionId: number,
): Promise<PermissionRequestEntity[]> {
  return manager
    .createQueryBuilder(PermissionRequestEntity, 'p')
    .where('p.session_id = :sessionId', { sessionId })
    .andWhere("p.status = 'pending'")
    .getMany();
}

/**
 * True when a pending request of this session belongs to a later prompt than the event: the
 * event is old news (a turn's Stop spooled while the hub was down, delivered after the next
 * turn asked), and says nothing about where the session stands now.
 */
export async function waitsOnLaterPrompt(
  manager: EntityManager,
  sessionId: number,
  event: EventTurn,
): Promise<boolean> {
  if (event.promptId === null) return false;
  return (await pendingOfSession(manager, sessionId)).some((request) =>
    isOfEarlierPrompt(event, request),
  );
}

/**
 * Closes a session's pending permission requests as answered on the server: the hub heard
 * something newer from that session, so Claude is past the dialog they were waiting on. With
 * the event's turn, a request of a later prompt than the event's stays pending (see
 * isOfEarlierPrompt). Runs inside the caller's write transaction.
 */
export async function closePendingPermissionsOfSession(
  manager: EntityManager,
  sessionId: number,
  nowMs: number,
  event?: EventTurn,
): Promise<PermissionRequestEntity[]> {
  const pending = (await pendingOfSession(manager, sessionId)).filter(
    (request) => !event || !isOfEarlierPrompt(event, request),
  );
  return closePermissions(manager, pending, 'answered-on-server', nowMs);
}

/**
 * Moves those of these requests still pending to `status` and queues, for each request whose
 * messages went (or are still going) to a chat, one outbox row that edits them to the outcome.
 * Returns the requests it closed, as they are now: a request another process decided since the
 * caller read it (a person's answer wins) is left out. Runs inside the caller's write
 * transaction.
 */
export async function closePermissions(
  manager: EntityManager,
  rows: PermissionRequestEntity[],
  status: PermissionClosing,
  nowMs: number,
): Promise<PermissionRequestEntity[]> {
  if (rows.length === 0) return [];
  const closedIds = new Set<number>();
  const messages: Array<{ permissionId: number; chatId: string }> = [];
  for (const part of chunks(
    rows.map((row) => row.id),
    IDS_PER_STATEMENT,
  )) {
    // Locked, so that they stay pending until the UPDATE below (a press on hub-bot waits).
    const pending = await lockForUpdate(
      manager
        .createQueryBuilder(PermissionRequestEntity, 'p')
        .select('p.id', 'id')
        .where('p.id IN (:...ids)', { ids: part })
        // By key, not by the status index (see withoutIndex).
        .andWhere(`${withoutIndex(engineOf(manager), 'status')} = 'pending'`),
      'p',
    ).getRawMany<{ id: number }>();
    const ids = pending.map((row) => Number(row.id));
    if (ids.length === 0) continue;
    await manager
      .createQueryBuilder()
      .update(PermissionRequestEntity)
      .set({ status, decidedAt: nowMs })
      .where('id IN (:...ids)', { ids })
      .updateEntity(false)
      .execute();
    for (const id of ids) closedIds.add(id);
    messages.push(
      ...(await manager
        .createQueryBuilder(OutboxEntity, 'o')
        .select('o.permission_id', 'permissionId')
        .addSelect('o.chat_id', 'chatId')
        .where('o.permission_id IN (:...ids)', { ids })
        .andWhere("o.kind = 'permission'")
        // A message Telegram refused for good has nothing to edit.
        .andWhere("o.status <> 'failed'")
        .getRawMany<{ permissionId: number; chatId: string }>()),
    );
  }
  // One edit per request and chat: it edits every message of the request in that chat.
  const seen = new Set<string>();
  const edits = messages.filter(({ permissionId, chatId }) => {
    const key = `${Number(permissionId)}:${chatId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (edits.length > 0) {
    const sessionOf = new Map(rows.map((row) => [row.id, row.sessionId]));
    await insertOutboxRows(
      manager,
      edits.map(({ permissionId, chatId }) =>
        pendingOutboxRow(
          chatId,
          { kind: 'permission-outcome', permissionId: Number(permissionId) },
          sessionOf.get(Number(permissionId)) ?? null,
          nowMs,
        ),
      ),
    );
  }
  return rows
    .filter((row) => closedIds.has(row.id))
    .map((row) => Object.assign(row, { status, decidedAt: nowMs }));
}
