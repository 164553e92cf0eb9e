import type { SessionView } from '@ccr/session-domain';
import type { EntityManager } from 'typeorm';
import { lockForUpdate } from './engine-dialect.util';
import { PermissionRequestEntity } from './entities/permission-request.entity';
import { type PermissionView, toPermissionView, toSessionView } from './view-mapper.util';

/** A request with the session it came from. */
export interface PermissionRecord {
  request: PermissionView;
  session: SessionView;
}

/** No request has this id. */
export class PermissionNotFoundError extends Error {
  override readonly name = 'PermissionNotFoundError';

  constructor(readonly ref: string | number) {
    super(`no permission request ${ref}`);
  }
}

/**
 * One request with its session and its questions' answers, read through `manager` (inside a
 * write transaction, or not); null when none matches.
 */
export async function findRequest(
  manager: EntityManager,
  where: string,
  parameters: Record<string, unknown>,
): Promise<PermissionRecord | null> {
  const row = await manager
    .createQueryBuilder(PermissionRequestEntity, 'p')
    .innerJoinAndSelect('p.session', 's')
    .leftJoinAndSelect('p.answers', 'a')
    .where(where, parameters)
    .getOne();
  return row?.session
    ? { request: toPermissionView(row), session: toSessionView(row.session) }
    : null;
}

/**
 * The request a button or a reply names, locked for the rest of the caller's write transaction:
 * a press on another hub-bot replica waits until this one commits, then reads what it wrote
 * (two presses on a multiple choice both count; a second answer to a single choice finds it
 * answered). SQLite's writers take turns anyway.
 * @throws PermissionNotFoundError when there is none.
 */
export async function requestById(manager: EntityManager, id: number): Promise<PermissionRecord> {
  await lockForUpdate(
    manager
      .createQueryBuilder(PermissionRequestEntity, 'p')
      .select('p.id', 'id')
      .where('p.id = :id', { id }),
    'p',
  ).getRawOne();
  const found = await findRequest(manager, 'p.id = :id', { id });
  if (!found) throw new PermissionNotFoundError(id);
  return found;
}

/** True while a person can still answer: pending, and its CLI still waits. */
export function isOpen(request: PermissionView, nowMs: number): boolean {
  return request.status === 'pending' && request.expiresAt.getTime() > nowMs;
}
