import { systemClock, type Clock } from '@ccr/shared-util';
import { SERVER_ID_PATTERN, isValidTmuxPaneId, isValidTmuxWindow } from '@ccr/protocol';
import type { DataSource, EntityManager } from 'typeorm';
import { LaunchEntity, type LaunchStatus } from './entities/launch.entity';
import { SessionEntity } from './entities/session.entity';
import { type LaunchView, toEpochMs, toLaunchView } from './view-mapper.util';
import { insertRow } from './engine-dialect.util';
import { runWriteTransaction } from './write-transaction.util';

export interface CreateLaunchInput {
  serverId: string;
  folder: string;
  tmux: { session: string; window: string; pane: string };
  firstPrompt?: string;
  chatId: string;
  requestedBy?: string;
}

export interface LaunchStoreOptions {
  clock?: Clock;
}

/** Statuses a launch moves on from; `failed` and `cancelled` are final. */
const OPEN_STATUSES: readonly LaunchStatus[] = ['starting', 'trust', 'started'];

/**
 * The windows hub-bot opened. hub-bot writes a launch when it opens a window; the SessionStart
 * of the Claude in it (recorded by hub-api, see linkLaunch) names its session.
 */
export class LaunchStore {
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    options: LaunchStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  async create(input: CreateLaunchInput): Promise<LaunchView> {
    if (!SERVER_ID_PATTERN.test(input.serverId)) {
      throw new TypeError(
        `serverId "${input.serverId}" does not match ${String(SERVER_ID_PATTERN)}`,
      );
    }
    if (!isValidTmuxPaneId(input.tmux.pane) || !isValidTmuxWindow(input.tmux.window)) {
      throw new TypeError(
        `"${input.tmux.window} ${input.tmux.pane}" is not a tmux window and pane`,
      );
    }
    return runWriteTransaction(this.dataSource, async (manager) => {
      const row: Omit<LaunchEntity, 'id' | 'session'> = {
        serverId: input.serverId,
        folder: input.folder,
        tmuxSession: input.tmux.session,
        tmuxWindow: input.tmux.window,
        tmuxPane: input.tmux.pane,
        firstPrompt:
          input.firstPrompt === undefined || input.firstPrompt === '' ? null : input.firstPrompt,
        chatId: input.chatId,
        requestedBy: input.requestedBy ?? null,
        status: 'starting',
        sessionId: null,
        createdAt: toEpochMs(this.clock()),
        closedAt: null,
      };
      return toLaunchView({ ...row, id: await insertRow(manager, LaunchEntity, row) });
    });
  }

  async get(id: number): Promise<LaunchView | null> {
    if (!Number.isSafeInteger(id) || id < 1) return null;
    const row = await this.dataSource.getRepository(LaunchEntity).findOneBy({ id });
    return row ? toLaunchView(row) : null;
  }

  /** The launch whose window a session runs in, when the hub opened it; null otherwise. */
  async ofSession(sessionId: number): Promise<LaunchView | null> {
    const row = await this.dataSource
      .getRepository(LaunchEntity)
      .findOne({ where: { sessionId }, order: { id: 'DESC' } });
    return row ? toLaunchView(row) : null;
  }

  /**
   * Moves a launch from `from` to `to`; false when it was no longer in `from` (another update
   * got there first, or its SessionStart came).
   */
  async move(id: number, from: readonly LaunchStatus[], to: LaunchStatus): Promise<boolean> {
    return this.update(id, from, { status: to });
  }

  /** The first prompt was typed (or is given up): it is not kept any longer. */
  async forgetFirstPrompt(id: number): Promise<void> {
    await this.update(id, undefined, { firstPrompt: null });
  }

  /** The hub closed the launch's window (or found it gone). */
  async markClosed(id: number): Promise<void> {
    await runWriteTransaction(this.dataSource, (manager) =>
      manager
        .createQueryBuilder()
        .update(LaunchEntity)
        .set({ closedAt: toEpochMs(this.clock()), firstPrompt: null })
        .where('id = :id', { id })
        .andWhere('closed_at IS NULL')
        .updateEntity(false)
        .execute(),
    );
  }

  /** Changes a launch that is in one of `from` (any status when undefined). */
  private async update(
    id: number,
    from: readonly LaunchStatus[] | undefined,
    changes: Partial<LaunchEntity>,
  ): Promise<boolean> {
    const result = await runWriteTransaction(this.dataSource, (manager) => {
      const query = manager
        .createQueryBuilder()
        .update(LaunchEntity)
        .set(changes)
        .where('id = :id', { id });
      if (from) query.andWhere('status IN (:...from)', { from });
      return query.updateEntity(false).execute();
    });
    return (result.affected ?? 0) > 0;
  }
}

/**
 * Names the session of the Claude that just started in a window the hub opened on this server:
 * the newest open launch in that pane that has no session yet, or whose session ended there
 * (`/clear` ends one session and starts the next in the same pane). A launch whose session is
 * still live is left alone: a pane id seen again after a tmux restart is another window.
 * Runs inside the caller's write transaction; returns the launch's id, or null.
 */
export async function linkLaunch(
  manager: EntityManager,
  serverId: string,
  pane: string | null,
  sessionId: number,
): Promise<number | null> {
  if (pane === null) return null;
  const launch = await manager
    .createQueryBuilder(LaunchEntity, 'l')
    .leftJoin(SessionEntity, 's', 's.id = l.session_id')
    .select('l.id', 'id')
    .addSelect('l.session_id', 'sessionId')
    .addSelect('s.state', 'sessionState')
    .where('l.server_id = :serverId', { serverId })
    .andWhere('l.tmux_pane = :pane', { pane })
    .andWhere('l.closed_at IS NULL')
    .andWhere('l.status IN (:...open)', { open: OPEN_STATUSES })
    .orderBy('l.id', 'DESC')
    .limit(1)
    .getRawOne<{ id: number; sessionId: number | null; sessionState: string | null }>();
  if (!launch) return null;
  if (launch.sessionId === sessionId) return launch.id;
  if (launch.sessionId !== null && launch.sessionState !== 'ended') return null;
  await manager
    .createQueryBuilder()
    .update(LaunchEntity)
    .set({ sessionId, status: 'started' })
    .where('id = :id', { id: launch.id })
    .updateEntity(false)
    .execute();
  return launch.id;
}

/**
 * Claude exited in a window the hub opened, which closes with it (the window runs Claude and
 * nothing else). Runs inside the caller's write transaction.
 */
export async function closeLaunchOfSession(
  manager: EntityManager,
  sessionId: number,
  nowMs: number,
): Promise<void> {
  await manager
    .createQueryBuilder()
    .update(LaunchEntity)
    .set({ closedAt: nowMs, firstPrompt: null })
    .where('session_id = :sessionId', { sessionId })
    .andWhere('closed_at IS NULL')
    .updateEntity(false)
    .execute();
}
