import { PERMISSION_DECISIONS, type PermissionStatus } from '@ccr/protocol';
import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { QuestionAnswerEntity } from './question-answer.entity';
import { epochMsColumn } from './epoch-ms.transformer';
import { SessionEntity } from './session.entity';

export const PERMISSION_REQUEST_STATUSES = [
  'pending',
  ...PERMISSION_DECISIONS,
  'expired',
  'answered-on-server',
] as const satisfies readonly PermissionStatus[];

/**
 * A PermissionRequest hook waiting for a remote answer: a permission, a question or a plan
 * (told apart by the tool, `requestKindOf`). Written by hub-api, decided by hub-bot (button
 * presses, replies) in the same database, read back by hub-api's long poll. Times are epoch
 * milliseconds.
 */
@Entity({ name: 'permission_requests' })
@Unique('UQ_permission_requests_request_id', ['requestId'])
@Check(
  'CHK_permission_requests_status',
  `"status" IN ('pending', 'allow', 'allow-session', 'deny', 'expired', 'answered-on-server')`,
)
@Index('IDX_permission_requests_session_status', ['sessionId', 'status'])
@Index('IDX_permission_requests_status_expires', ['status', 'expiresAt'])
export class PermissionRequestEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The CLI's id for the request, so that a retried POST is stored once. */
  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Column({ name: 'session_id', type: 'integer' })
  sessionId!: number;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({
    name: 'session_id',
    foreignKeyConstraintName: 'FK_permission_requests_session_id',
  })
  session?: SessionEntity;

  @Column({ name: 'tool_name', type: 'text' })
  toolName!: string;

  /** JSON object. */
  @Column({ name: 'tool_input', type: 'text' })
  toolInput!: string;

  /** JSON array of Claude Code's `permission_suggestions`. */
  @Column({ type: 'text' })
  suggestions!: string;

  @Column({ name: 'permission_mode', type: 'text', nullable: true })
  permissionMode!: string | null;

  @Column({ type: 'text' })
  status!: PermissionStatus;

  /** Who answered, as Telegram names them; null unless a person decided. */
  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy!: string | null;

  /** When the request left `pending`, whatever closed it. */
  @Column(epochMsColumn({ name: 'decided_at', nullable: true }))
  decidedAt!: number | null;

  @Column(epochMsColumn({ name: 'created_at' }))
  createdAt!: number;

  /** When the CLI stops waiting; a pending request is expired from then on. */
  @Column(epochMsColumn({ name: 'expires_at' }))
  expiresAt!: number;

  /** A plan sent back: what the person wrote Claude should change. */
  @Column({ type: 'text', nullable: true })
  feedback!: string | null;

  /** When Keep planning was pressed on a plan: its message then asks for a reply. */
  @Column(epochMsColumn({ name: 'feedback_asked_at', nullable: true }))
  feedbackAskedAt!: number | null;

  /** Claude Code's `prompt_id`: the turn that asks; null from hooks that do not send it. */
  @Column({ name: 'prompt_id', type: 'text', nullable: true })
  promptId!: string | null;

  /** When its hook sent it, by the server's clock (see isOfEarlierPrompt); null when unknown. */
  @Column(epochMsColumn({ name: 'sent_at', nullable: true }))
  sentAt!: number | null;

  /** A question request's answers so far, one per question touched. */
  @OneToMany(() => QuestionAnswerEntity, (answer) => answer.request)
  answers?: QuestionAnswerEntity[];
}
