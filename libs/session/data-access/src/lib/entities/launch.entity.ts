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
import { SessionEntity } from './session.entity';

export const LAUNCH_STATUSES = ['starting', 'trust', 'started', 'failed', 'cancelled'] as const;

/**
 * Where a launch stands: `starting` (the window is open, Claude is not up yet), `trust`
 * (Claude asks whether to trust the folder), `started` (its SessionStart came), `failed`
 * (Claude exited before it was up), `cancelled` (the trust question was answered no).
 */
export type LaunchStatus = (typeof LAUNCH_STATUSES)[number];

/**
 * A tmux window hub-bot opened with /new, and the session the Claude in it became. Times are
 * epoch milliseconds.
 */
@Entity({ name: 'launches' })
@Check('CHK_launches_status', `"status" IN ('starting', 'trust', 'started', 'failed', 'cancelled')`)
@Index('IDX_launches_server_pane', ['serverId', 'tmuxPane'])
@Index('IDX_launches_session_id', ['sessionId'])
export class LaunchEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'server_id', type: 'text' })
  serverId!: string;

  /** As the person or servers.json named it (`~/webapp`). */
  @Column({ type: 'text' })
  folder!: string;

  @Column({ name: 'tmux_session', type: 'text' })
  tmuxSession!: string;

  @Column({ name: 'tmux_window', type: 'text' })
  tmuxWindow!: string;

  @Column({ name: 'tmux_pane', type: 'text' })
  tmuxPane!: string;

  /** Typed once Claude's prompt box shows, then cleared. */
  @Column({ name: 'first_prompt', type: 'text', nullable: true })
  firstPrompt!: string | null;

  /** The chat /new came from: the trust question and the outcome go there. */
  @Column({ name: 'chat_id', type: 'text' })
  chatId!: string;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'text' })
  status!: LaunchStatus;

  /** Set by the SessionStart of the Claude in this pane. */
  @Column({ name: 'session_id', type: 'integer', nullable: true })
  sessionId!: number | null;

  @ManyToOne(() => SessionEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_launches_session_id' })
  session?: SessionEntity | null;

  @Column(epochMsColumn({ name: 'created_at' }))
  createdAt!: number;

  /** When the window went: closed by the hub, or with Claude when it exited. */
  @Column(epochMsColumn({ name: 'closed_at', nullable: true }))
  closedAt!: number | null;
}
