import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';

/** One Telegram update hub-bot took on. Times are epoch milliseconds. */
@Entity({ name: 'processed_updates' })
@Index('IDX_processed_updates_handled_at', ['handledAt'])
export class ProcessedUpdateEntity {
  @PrimaryColumn({ name: 'update_id', type: 'integer' })
  updateId!: number;

  @Column(epochMsColumn({ name: 'handled_at' }))
  handledAt!: number;
}
