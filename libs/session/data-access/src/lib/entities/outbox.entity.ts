import type { QuietReason } from '@ccr/delivery-domain';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';
import { NotificationEntity } from './notification.entity';
import { PermissionRequestEntity } from './permission-request.entity';
import { SessionEntity } from './session.entity';

/**
 * `pending`: to send when due. `sending`: claimed by the sender while Telegram is asked.
 * `held`: kept back by quiet hours or a mute, looked at again at `next_attempt_at`. `sent`,
 * `failed`. `superseded`: a newer notification of its session stands for it
 * (`superseded_by`). `skipped`: not sent, as the person was at the terminal.
 */
export const OUTBOX_STATUSES = [
  'pending',
  'sending',
  'held',
  'sent',
  'failed',
  'superseded',
  'skipped',
] as const;

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Rows still to be delivered: a newer notification of their session supersedes them. */
export const OPEN_OUTBOX_STATUSES = ['pending', 'held'] as const satisfies readonly OutboxStatus[];

/** Why a row was held, skipped or sent without sound: the delivery rules' reasons. */
export type OutboxQuietReason = QuietReason;

/**
 * `message`: a notification, sent (a burst merged). `permission`: one message of a request (a
 * permission, a question, a plan) with its buttons, sent alone. `permission-outcome`: the edit
 * of a request's sent messages in a chat once the request is closed.
 */
export const OUTBOX_KINDS = ['message', 'permission', 'permission-outcome'] as const;

export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * Rows that carry a request someone must answer. Only these go before notifications and are
 * never merged, superseded, held or skipped; which tool asks (a permission, a question, a
 * plan) does not matter.
 */
export const REQUEST_OUTBOX_KINDS: ReadonlySet<OutboxKind> = new Set(['permission']);

/** Lower goes first: requests, then the edits that close them, then notifications. */
export const OUTBOX_KIND_PRIORITY: Readonly<Record<OutboxKind, number>> = {
  permission: 0,
  'permission-outcome': 1,
  message: 2,
};

/**
 * One Telegram message to deliver (or edit). Written in the same transaction as the event it
 * reports, so a crash loses neither. Times are epoch milliseconds.
 */
@Entity({ name: 'outbox' })
@Check(
  'CHK_outbox_status',
  `"status" IN ('pending', 'sending', 'held', 'sent', 'failed', 'superseded', 'skipped')`,
)
@Check('CHK_outbox_kind', `"kind" IN ('message', 'permission', 'permission-outcome')`)
@Check(
  'CHK_outbox_content',
  `("kind" = 'message' AND ("notification_id" IS NOT NULL OR "text" IS NOT NULL)) OR ("kind" <> 'message' AND "permission_id" IS NOT NULL)`,
)
@Check('CHK_outbox_superseded', `("status" = 'superseded') = ("superseded_by" IS NOT NULL)`)
@Check(
  'CHK_outbox_quiet_reason',
  `"quiet_reason" IS NULL OR "quiet_reason" IN ('quiet-hours', 'mute', 'presence')`,
)
@Index('IDX_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_outbox_chat_due', ['chatId', 'status', 'nextAttemptAt'])
@Index('IDX_outbox_chat_message', ['chatId', 'telegramMessageId'])
@Index('IDX_outbox_permission_id', ['permissionId'])
@Index('IDX_outbox_session_open', ['sessionId', 'chatId', 'status'])
@Index('IDX_outbox_superseded_by', ['supersededBy'])
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
   * Nothing writes this any more (no plain texts go through the outbox); rows from before keep
   * what they sent in it.
   */
  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'text', default: 'message' })
  kind!: OutboxKind;

  @Column({ name: 'permission_id', type: 'integer', nullable: true })
  permissionId!: number | null;

  /**
   * Which of a request's messages a `permission` row sends: a question's index. 0 for every
   * other row.
   */
  @Column({ type: 'integer', default: 0 })
  part!: number;

  @ManyToOne(() => PermissionRequestEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'permission_id', foreignKeyConstraintName: 'FK_outbox_permission_id' })
  permission?: PermissionRequestEntity | null;

  @Column({ type: 'text' })
  status!: OutboxStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column(epochMsColumn({ name: 'next_attempt_at' }))
  nextAttemptAt!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'telegram_message_id', type: 'integer', nullable: true })
  telegramMessageId!: number | null;

  @Column(epochMsColumn({ name: 'created_at' }))
  createdAt!: number;

  @Column(epochMsColumn({ name: 'sent_at', nullable: true }))
  sentAt!: number | null;

  /** The session the notification or request is about. */
  @Column({ name: 'session_id', type: 'integer', nullable: true })
  sessionId!: number | null;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_outbox_session_id' })
  session?: SessionEntity | null;

  /** How many older notifications of its session this row stands for (they are `superseded`). */
  @Column({ name: 'merged_count', type: 'integer', default: 0 })
  mergedCount!: number;

  /** For a `superseded` row: the newer row of its session that stood for it. */
  @Column({ name: 'superseded_by', type: 'integer', nullable: true })
  supersededBy!: number | null;

  /** Why the row was held, skipped or sent without sound. */
  @Column({ name: 'quiet_reason', type: 'text', nullable: true })
  quietReason!: OutboxQuietReason | null;

  /** When the row was claimed (`sending`); a claim older than the claim timeout is released. */
  @Column(epochMsColumn({ name: 'claimed_at', nullable: true }))
  claimedAt!: number | null;

  /** Sent with `disable_notification`. */
  @Column({ type: 'boolean', default: false })
  silent!: boolean;
}
