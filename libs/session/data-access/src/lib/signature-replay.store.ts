import { systemClock, type Clock } from '@ccr/shared-util';
import { type DataSource, LessThanOrEqual } from 'typeorm';
import { runInsert } from './engine-dialect.util';
import { SignatureReplayEntity } from './entities/signature-replay.entity';
import { toEpochMs } from './view-mapper.util';
import { runWriteStatement } from './write-transaction.util';

export interface SignatureReplayStoreOptions {
  clock?: Clock;
  /** Signatures past their time are deleted at most this often. Default one minute. */
  pruneIntervalMs?: number;
}

const DEFAULT_PRUNE_INTERVAL_MS = 60_000;

/**
 * The signatures hub-api accepted, shared by every process on the database, so that a captured
 * request is refused whichever replica it is sent to. A signature is kept until `expiresAt`,
 * when its timestamp falls out of the accepted window and the signature check refuses it anyway.
 */
export class SignatureReplayStore {
  private readonly clock: Clock;
  private readonly pruneIntervalMs: number;
  private lastPruneMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly dataSource: DataSource,
    options: SignatureReplayStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
  }

  /**
   * Records a signature; true when any process had recorded it before (a replay). Of two
   * processes recording it at once, exactly one gets false.
   */
  async seen(signature: string, expiresAt: Date): Promise<boolean> {
    const nowMs = toEpochMs(this.clock());
    if (nowMs - this.lastPruneMs >= this.pruneIntervalMs) {
      this.lastPruneMs = nowMs;
      await runWriteStatement(this.dataSource, (manager) =>
        manager.delete(SignatureReplayEntity, { expiresAt: LessThanOrEqual(nowMs) }),
      );
    }
    // One statement, once per request: the claim is the INSERT itself (of two processes
    // inserting the same signature, one adds the row), so it needs no transaction around it.
    const { inserted } = await runWriteStatement(this.dataSource, (manager) =>
      runInsert(
        manager,
        manager
          .createQueryBuilder()
          .insert()
          .into(SignatureReplayEntity)
          .values({ signature, expiresAt: toEpochMs(expiresAt) })
          .orIgnore(),
        { returnsId: false },
      ),
    );
    return inserted === 0;
  }
}
