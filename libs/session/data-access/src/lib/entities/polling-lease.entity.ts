import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';

/**
 * The hub-bot process that long-polls a Telegram bot, and when it last said it still does.
 * Times are epoch milliseconds.
 */
@Entity({ name: 'polling_leases' })
export class PollingLeaseEntity {
  /** What is polled: hub-bot uses `telegram:<bot id>`. */
  @PrimaryColumn({ name: 'lease_key', type: 'text' })
  leaseKey!: string;

  /** Random per process start, so that a pid reused on another host or later is not mistaken. */
  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ type: 'text' })
  host!: string;

  @Column({ type: 'integer' })
  pid!: number;

  @Column(epochMsColumn({ name: 'since' }))
  since!: number;

  @Column(epochMsColumn({ name: 'heartbeat_at' }))
  heartbeatAt!: number;
}
