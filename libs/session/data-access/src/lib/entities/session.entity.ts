import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';

/** Times are epoch milliseconds (`bigint`), so SQL compares and orders them as numbers. */
@Entity({ name: 'sessions' })
@Unique('UQ_sessions_server_seq', ['serverId', 'seq'])
@Unique('UQ_sessions_token', ['token'])
@Index('IDX_sessions_live_by_key', ['serverId', 'sessionKey', 'expiresAt'])
@Index('IDX_sessions_expires_at', ['expiresAt'])
@Index('UQ_sessions_live_key', ['serverId', 'liveKey'], { unique: true })
@Check('CHK_sessions_state', `"state" IN ('working', 'waiting', 'asking', 'idle', 'ended')`)
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'server_id', type: 'text' })
  serverId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  token!: string;

  @Column({ name: 'claude_session_id', type: 'text', nullable: true })
  claudeSessionId!: string | null;

  /** `claude:<id>`, `pane:<%n>` or `project:<name>`: see sessionKeyFor. */
  @Column({ name: 'session_key', type: 'text' })
  sessionKey!: string;

  /**
   * The session key while this is the session its events go to, unique per server; null once
   * an expired session gave way to a newer one of the same key.
   */
  @Column({ name: 'live_key', type: 'text', nullable: true })
  liveKey!: string | null;

  @Column({ type: 'text' })
  project!: string;

  @Column({ type: 'text', nullable: true })
  cwd!: string | null;

  @Column({ type: 'text', nullable: true })
  hostname!: string | null;

  @Column({ name: 'tmux_session', type: 'text', nullable: true })
  tmuxSession!: string | null;

  @Column({ name: 'tmux_window', type: 'text', nullable: true })
  tmuxWindow!: string | null;

  @Column({ name: 'tmux_pane', type: 'text', nullable: true })
  tmuxPane!: string | null;

  /**
   * The type of the last notification, or '' while the session has sent only session events
   * (SessionStart…). '' rather than NULL: SQLite cannot drop the column's NOT NULL in place.
   */
  @Column({ name: 'last_type', type: 'text' })
  lastType!: string;

  /** A SessionState; see nextSessionStatus. */
  @Column({ type: 'text', default: 'idle' })
  state!: string;

  @Column(epochMsColumn({ name: 'state_since', default: 0 }))
  stateSince!: number;

  /** The prompt id of the event that set the state, so that a late prompt event is known. */
  @Column({ name: 'state_prompt_id', type: 'text', nullable: true })
  statePromptId!: string | null;

  @Column(epochMsColumn({ name: 'created_at' }))
  createdAt!: number;

  @Column(epochMsColumn({ name: 'last_event_at' }))
  lastEventAt!: number;

  @Column(epochMsColumn({ name: 'expires_at' }))
  expiresAt!: number;
}
