import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';
import { SessionEntity } from './session.entity';

/** Times are epoch milliseconds (`bigint`), like every time in this database. */
@Entity({ name: 'notifications' })
@Unique('UQ_notifications_event_id', ['eventId'])
@Index('IDX_notifications_session_id', ['sessionId'])
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'session_id', type: 'integer' })
  sessionId!: number;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_notifications_session_id' })
  session?: SessionEntity;

  /** Unique when present, so a retried POST is stored once; both engines allow many NULLs. */
  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId!: string | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  event!: string | null;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  /** JSON object. */
  @Column({ type: 'text' })
  metadata!: string;

  @Column(epochMsColumn({ name: 'sent_at', nullable: true }))
  sentAt!: number | null;

  @Column(epochMsColumn({ name: 'received_at' }))
  receivedAt!: number;
}
