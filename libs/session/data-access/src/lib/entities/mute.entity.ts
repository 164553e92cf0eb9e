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

/**
 * A chat's mute until `until` (epoch ms): of one session (`session_id`, with its server), one
 * server (`server_id` alone), or everything (neither). A mute of the same target replaces the
 * one before it.
 */
@Entity({ name: 'mutes' })
@Check('CHK_mutes_target', `"session_id" IS NULL OR "server_id" IS NOT NULL`)
@Index('IDX_mutes_chat_until', ['chatId', 'until'])
@Index('IDX_mutes_session_id', ['sessionId'])
export class MuteEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'chat_id', type: 'text' })
  chatId!: string;

  @Column({ name: 'server_id', type: 'text', nullable: true })
  serverId!: string | null;

  @Column({ name: 'session_id', type: 'integer', nullable: true })
  sessionId!: number | null;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_mutes_session_id' })
  session?: SessionEntity | null;

  @Column(epochMsColumn())
  until!: number;

  @Column(epochMsColumn({ name: 'created_at' }))
  createdAt!: number;
}
