import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { NotificationEntity } from './notification.entity';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One Telegram message to deliver: a notification or a plain text. Written in the same
 * transaction as the event it reports, so a crash loses neither. Times are epoch milliseconds.
 */
@Entity({ name: 'outbox' })
@Check('CHK_outbox_status', `"status" IN ('pending', 'sent', 'failed')`)
@Check('CHK_outbox_content', `"notification_id" IS NOT NULL OR "text" IS NOT NULL`)
@Index('IDX_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_chat_due', ['chatId', 'status', 'nextAttemptAt'])
@Index('IDX_outbox_chat_message', ['chatId', 'telegramMessageId'])
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** Text: Telegram chat ids go beyond 32 bits and may be negative. */
  @Column({ name: 'chat_id', type: 'text' })
  chatId!: string;

  @Column({ name: 'notification_id', type: 'integer', nullable: true })
  notificationId!: number | null;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'FK_outbox_notification_id' })
  notification?: NotificationEntity | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'text' })
  status!: OutboxStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'integer' })
  nextAttemptAt!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'telegram_message_id', type: 'integer', nullable: true })
  telegramMessageId!: number | null;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt!: number;

  @Column({ name: 'sent_at', type: 'integer', nullable: true })
  sentAt!: number | null;
}
