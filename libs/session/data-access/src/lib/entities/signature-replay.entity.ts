import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';

/** A request signature hub-api accepted, kept until its timestamp is too old to be accepted. */
@Entity({ name: 'signature_replays' })
@Index('IDX_signature_replays_expires_at', ['expiresAt'])
export class SignatureReplayEntity {
  @PrimaryColumn({ type: 'text' })
  signature!: string;

  @Column(epochMsColumn({ name: 'expires_at' }))
  expiresAt!: number;
}
