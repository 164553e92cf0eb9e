import type { DataSource } from 'typeorm';
import { toEpochMs } from './view-mapper.util';
import { runWriteTransaction } from './write-transaction.util';

export interface ProcessedUpdateStoreOptions {
  clock?: () => Date;
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
  private readonly clock: () => Date;
  private readonly retentionMs: number;
  private readonly pruneIntervalMs: number;
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly dataSource: DataSource,
    options: ProcessedUpdateStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
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
        await manager.query(`DELETE FROM "processed_updates" WHERE "handled_at" < ?`, [
          nowMs - this.retentionMs,
        ]);
      }
      const runner = manager.queryRunner;
      if (!runner) throw new Error('ProcessedUpdateStore.claim needs a transaction of its own');
      // The structured result carries sqlite's change count: 0 when the id was there.
      const result: { affected?: number } = await runner.query(
        `INSERT OR IGNORE INTO "processed_updates" ("update_id", "handled_at") VALUES (?, ?)`,
        [updateId, nowMs],
        true,
      );
      return result.affected === 1;
    });
  }
}
