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
import { PermissionRequestEntity } from './permission-request.entity';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * `message`: a notification, sent (a burst merged). `permission`: a
 * permission request with its buttons, sent alone. `permission-outcome`: the edit of a sent
 * `permission` message once the request is closed.
 */
export const OUTBOX_KINDS = ['message', 'permission', 'permission-outcome'] as const;

export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * One Telegram message to deliver (or edit). Written in the same transaction as the event it
 * reports, so a crash loses neither. Times are epoch milliseconds.
 */
@Entity({ name: 'outbox' })
@Check('CHK_outbox_status', `"status" IN ('pending', 'sent', 'failed')`)
@Check('CHK_outbox_kind', `"kind" IN ('message', 'permission', 'permission-outcome')`)
@Check(
  'CHK_outbox_content',
  `("kind" = 'message' AND ("notification_id" IS NOT NULL OR "text" IS NOT NULL)) OR ("kind" <> 'message' AND "permission_id" IS NOT NULL)`,
)
@Index('IDX_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_chat_due', ['chatId', 'status', 'nextAttemptAt'])
@Index('IDX_outbox_chat_message', ['chatId', 'telegramMessageId'])
@Index('IDX_outbox_permission_id', ['permissionId'])
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

  /**
   * Nothing writes this any more (no plain texts go through the outbox); the column stays until
   * a migration next rebuilds the table, which is how SQLite drops a column.
   */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'text', default: 'message' })
  kind!: OutboxKind;

  @Column({ name: 'permission_id', type: 'integer', nullable: true })
  permissionId!: number | null;

  @ManyToOne(() => PermissionRequestEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'permission_id', foreignKeyConstraintName: 'FK_outbox_permission_id' })
  permission?: PermissionRequestEntity | null;

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
