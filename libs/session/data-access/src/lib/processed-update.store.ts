import { systemClock, type Clock } from '@ccr/shared-util';
import { type DataSource, LessThan } from 'typeorm';
import { runInsert } from './engine-dialect.util';
import { ProcessedUpdateEntity } from './entities/processed-update.entity';
import { toEpochMs } from './view-mapper.util';
import { runWriteTransaction } from './write-transaction.util';

export interface ProcessedUpdateStoreOptions {
  clock?: Clock;
  /** How long an update id is remembered. Default one day. */
  retentionMs?: number;
  /** Old rows are deleted at most this often, by the claim that comes due. Default 10 minutes. */
  pruneIntervalMs?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PRUNE_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Remembers which Telegram updates were taken on, so that each is handled once even when
 * Telegram delivers it again. The first claim of an update id wins; later ones are refused.
 */
export class ProcessedUpdateStore {
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly dataSource: DataSource,
    options: ProcessedUpdateStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.retentionMs = options.retentionMs ?? DAY_MS;
    this.pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
  }

  /** True when this call took the update on; false when it had been claimed before. */
  async claim(updateId: number): Promise<boolean> {
    if (!Number.isSafeInteger(updateId) || updateId < 0) {
      throw new RangeError(`update_id must be a non-negative integer, got ${updateId}`);
    }
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      if (nowMs - this.lastPruneMs >= this.pruneIntervalMs) {
        this.lastPruneMs = nowMs;
        await manager.delete(ProcessedUpdateEntity, {
          handledAt: LessThan(nowMs - this.retentionMs),
        });
      }
      // An id claimed before adds no row: the conflict is not an error, which would abort a
      // PostgreSQL transaction, and whichever process inserts first wins.
      const { inserted } = await runInsert(
        manager,
        manager
          .createQueryBuilder()
          .insert()
          .into(ProcessedUpdateEntity)
          .values({ updateId, handledAt: nowMs })
          .orIgnore(),
        { returnsId: false },
      );
      return inserted === 1;
    });
  }
}
