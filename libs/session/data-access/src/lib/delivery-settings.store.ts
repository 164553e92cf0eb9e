import {
  canonicalTimeZone,
  type ChosenDeliverySettings,
  type Mute,
  type MuteTarget,
} from '@ccr/delivery-domain';
import { systemClock, type Clock } from '@ccr/shared-util';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ChatSettingsEntity } from './entities/chat-settings.entity';
import { MuteEntity } from './entities/mute.entity';
import { toChosenDeliverySettings, toEpochMs, toMute } from './view-mapper.util';
import { runWriteTransaction } from './write-transaction.util';

export interface DeliverySettingsStoreOptions {
  clock?: Clock;
}

/** What a chat chose, and the mutes still running. */
export interface ChatDeliveryState {
  chosen: ChosenDeliverySettings;
  /** Running at the time asked, the one ending first first. */
  mutes: Mute[];
}

/** Rows of a chat's mutes of exactly this target. */
function ofTarget(
  query: SelectQueryBuilder<MuteEntity>,
  target: MuteTarget,
): SelectQueryBuilder<MuteEntity> {
  switch (target.kind) {
    case 'all':
      return query.andWhere('m.server_id IS NULL').andWhere('m.session_id IS NULL');
    case 'server':
      return query
        .andWhere('m.server_id = :serverId', { serverId: target.serverId })
        .andWhere('m.session_id IS NULL');
    case 'session':
      return query.andWhere('m.session_id = :sessionId', { sessionId: target.sessionId });
  }
}

/**
 * What each chat chose with /quiet, /presence and /mute. hub-bot writes it; hub-api's sender
 * reads it before each pass over a chat's messages. A time zone is stored as Intl spells it.
 */
export class DeliverySettingsStore {
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    options: DeliverySettingsStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** The chat's choices and running mutes. */
  async forChat(chatId: string): Promise<ChatDeliveryState> {
    const manager = this.dataSource.manager;
    const row = await manager.findOneBy(ChatSettingsEntity, { chatId });
    return {
      chosen: toChosenDeliverySettings(row),
      mutes: await this.runningMutes(manager, chatId),
    };
  }

  /**
   * Records choices: a key that is present changes (null: back to the hub's default, or quiet
   * hours off), one left out stays as it was. Returns what the chat has chosen now.
   * @throws RangeError for a time zone Intl does not know.
   */
  async choose(
    chatId: string,
    changes: Partial<ChosenDeliverySettings>,
  ): Promise<ChosenDeliverySettings> {
    const timeZone =
      changes.timeZone === undefined || changes.timeZone === null
        ? changes.timeZone
        : canonicalTimeZone(changes.timeZone);
    if (timeZone === undefined && changes.timeZone) {
      throw new RangeError(`"${changes.timeZone}" is not a time zone`);
    }
    return runWriteTransaction(this.dataSource, async (manager) => {
      const current = toChosenDeliverySettings(
        await manager.findOneBy(ChatSettingsEntity, { chatId }),
      );
      const next: ChosenDeliverySettings = {
        ...current,
        ...changes,
        ...(changes.timeZone === undefined ? {} : { timeZone: timeZone ?? null }),
      };
      await manager.upsert(
        ChatSettingsEntity,
        {
          chatId,
          timeZone: next.timeZone,
          quietStart: next.quietHours?.start ?? null,
          quietEnd: next.quietHours?.end ?? null,
          quietMode: next.quietMode,
          quietRequests: next.quietRequests,
          presenceWindowSeconds: next.presenceWindowSeconds,
          presenceMode: next.presenceMode,
          updatedAt: toEpochMs(this.clock()),
        },
        ['chatId'],
      );
      return next;
    });
  }

  /** Mutes a target until `until`, replacing a mute of the same target. */
  async mute(chatId: string, target: MuteTarget, until: Date): Promise<Mute> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      await this.deleteWhere(manager, chatId, (query) => ofTarget(query, target));
      // Mutes that ran out are of no use to anyone: they go with the next change.
      await this.deleteWhere(manager, chatId, (query) =>
        query.andWhere('m.until <= :now', { now: nowMs }),
      );
      await manager.insert(MuteEntity, {
        chatId,
        serverId: target.kind === 'all' ? null : target.serverId,
        sessionId: target.kind === 'session' ? target.sessionId : null,
        until: toEpochMs(until),
        createdAt: nowMs,
      });
      return { target, until };
    });
  }

  /**
   * Lifts the running mutes of a target, or all of the chat's without one. Returns those
   * lifted: none when nothing of that target was muted.
   */
  async unmute(chatId: string, target?: MuteTarget): Promise<Mute[]> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const running = await this.runningMutes(manager, chatId);
      const lifted = target ? running.filter((mute) => sameTarget(mute.target, target)) : running;
      await this.deleteWhere(manager, chatId, (query) =>
        target ? ofTarget(query, target) : query,
      );
      return lifted;
    });
  }

  private async runningMutes(manager: EntityManager, chatId: string): Promise<Mute[]> {
    const rows = await manager
      .createQueryBuilder(MuteEntity, 'm')
      .leftJoinAndSelect('m.session', 's')
      .where('m.chat_id = :chatId', { chatId })
      .andWhere('m.until > :now', { now: toEpochMs(this.clock()) })
      .orderBy('m.until', 'ASC')
      .addOrderBy('m.id', 'ASC')
      .getMany();
    return rows.map(toMute);
  }

  private async deleteWhere(
    manager: EntityManager,
    chatId: string,
    narrow: (query: SelectQueryBuilder<MuteEntity>) => SelectQueryBuilder<MuteEntity>,
  ): Promise<void> {
    const rows = await narrow(
      manager
        .createQueryBuilder(MuteEntity, 'm')
        .select('m.id', 'id')
        .where('m.chat_id = :chatId', { chatId }),
    ).getRawMany<{ id: number }>();
    if (rows.length === 0) return;
    await manager.delete(
      MuteEntity,
      rows.map((row) => Number(row.id)),
    );
  }
}

function sameTarget(a: MuteTarget, b: MuteTarget): boolean {
  switch (a.kind) {
    case 'all':
      return b.kind === 'all';
    case 'server':
      return b.kind === 'server' && a.serverId === b.serverId;
    case 'session':
      return b.kind === 'session' && a.sessionId === b.sessionId;
  }
}
