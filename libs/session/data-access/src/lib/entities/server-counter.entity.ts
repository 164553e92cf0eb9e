import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The last session number handed out per server. Kept apart from `sessions` so that numbers
 * keep counting up even if old sessions are ever deleted: a name is never reused.
 */
@Entity({ name: 'server_counters' })
export class ServerCounterEntity {
  @PrimaryColumn({ name: 'server_id', type: 'text' })
  serverId!: string;

  @Column({ name: 'last_seq', type: 'integer' })
  lastSeq!: number;
}
