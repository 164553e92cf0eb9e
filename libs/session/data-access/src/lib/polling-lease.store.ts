import { systemClock, type Clock } from '@ccr/shared-util';
import type { DataSource, EntityManager } from 'typeorm';
import { PollingLeaseEntity } from './entities/polling-lease.entity';
import { toEpochMs } from './view-mapper.util';
import { runWriteTransaction } from './write-transaction.util';

export interface PollingLeaseStoreOptions {
  clock?: Clock;
  /**
   * A lease whose heartbeat is older than this may be taken by another process: its holder
   * stopped without releasing it (killed, crashed, cut off from the database). Default 20 s.
   */
  staleAfterMs?: number;
}

export const DEFAULT_LEASE_STALE_AFTER_MS = 20_000;

/** The process that takes or holds a lease. */
export interface PollingLeaseClaimant {
  /** Random per process start. */
  instanceId: string;
  host: string;
  pid: number;
}

/** Who holds a lease, and since when. */
export interface PollingLeaseHolder extends PollingLeaseClaimant {
  since: Date;
  heartbeatAt: Date;
}

export type PollingLeaseOutcome =
  { held: true } | { held: false; holder: PollingLeaseHolder | null };

/**
 * Leases that let one process at a time do something for every process on the database: the
 * hub-bot that long-polls a Telegram bot holds its lease, so that a second one refuses to start
 * instead of ending the first one's poll. A holder renews its heartbeat; a lease whose heartbeat
 * is stale goes to the next process that asks.
 */
export class PollingLeaseStore {
  private readonly clock: Clock;
  readonly staleAfterMs: number;

  constructor(
    private readonly dataSource: DataSource,
    options: PollingLeaseStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_LEASE_STALE_AFTER_MS;
  }

  /**
   * Takes the lease when nobody holds it, its heartbeat is stale, or `claimant` holds it
   * already (then `since` stays). Otherwise says who holds it. Of several processes taking
   * it at once, exactly one gets it.
   */
  async take(key: string, claimant: PollingLeaseClaimant): Promise<PollingLeaseOutcome> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const nowMs = toEpochMs(this.clock());
      // One statement decides: the conflict's UPDATE runs only where its WHERE holds, and
      // PostgreSQL checks that WHERE again on the row as another transaction left it, so the
      // affected-row count says who won on both engines.
      const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
        `INSERT INTO "polling_leases" ("lease_key", "instance_id", "host", "pid", "since", "heartbeat_at")
         VALUES (:key, :instanceId, :host, :pid, :now, :now)
         ON CONFLICT ("lease_key") DO UPDATE SET
           "since" = CASE WHEN "polling_leases"."instance_id" = excluded."instance_id"
                          THEN "polling_leases"."since" ELSE excluded."since" END,
           "instance_id" = excluded."instance_id",
           "host" = excluded."host",
           "pid" = excluded."pid",
           "heartbeat_at" = excluded."heartbeat_at"
         WHERE "polling_leases"."instance_id" = excluded."instance_id"
            OR "polling_leases"."heartbeat_at" < :staleBefore`,
        { key, ...claimant, now: nowMs, staleBefore: nowMs - this.staleAfterMs },
        {},
      );
      const runner = manager.queryRunner;
      if (!runner) throw new Error('PollingLeaseStore.take needs the transaction it writes in');
      const result = await runner.query(sql, values, true);
      if (Number(result.affected ?? 0) === 1) return { held: true };
      return { held: false, holder: await this.holderIn(manager, key) };
    });
  }

  /**
   * The holder's heartbeat. False, with who holds it now, when `instanceId` no longer holds
   * it: it went stale and another process took it, or it was released.
   */
  async renew(key: string, instanceId: string): Promise<PollingLeaseOutcome> {
    return runWriteTransaction(this.dataSource, async (manager) => {
      const updated = await manager.update(
        PollingLeaseEntity,
        { leaseKey: key, instanceId },
        { heartbeatAt: toEpochMs(this.clock()) },
      );
      if (updated.affected === 1) return { held: true };
      return { held: false, holder: await this.holderIn(manager, key) };
    });
  }

  /** Gives the lease up, if `instanceId` still holds it, so that the next process takes it at once. */
  async release(key: string, instanceId: string): Promise<void> {
    await this.dataSource.manager.delete(PollingLeaseEntity, { leaseKey: key, instanceId });
  }

  /** Who holds the lease, stale or not; null when nobody does. */
  async holder(key: string): Promise<PollingLeaseHolder | null> {
    return this.holderIn(this.dataSource.manager, key);
  }

  private async holderIn(manager: EntityManager, key: string): Promise<PollingLeaseHolder | null> {
    const row = await manager.findOneBy(PollingLeaseEntity, { leaseKey: key });
    return row
      ? {
          instanceId: row.instanceId,
          host: row.host,
          pid: row.pid,
          since: new Date(row.since),
          heartbeatAt: new Date(row.heartbeatAt),
        }
      : null;
  }
}
