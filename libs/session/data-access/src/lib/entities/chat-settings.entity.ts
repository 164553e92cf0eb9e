import type { DeliveryMode, RequestAlert } from '@ccr/delivery-domain';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMsColumn } from './epoch-ms.transformer';

/**
 * What a chat chose with /quiet and /presence; a null column leaves the hub's default (from its
 * environment) in force. Quiet hours are minutes after local midnight in `time_zone`.
 */
@Entity({ name: 'chat_settings' })
@Check(
  'CHK_chat_settings_quiet_hours',
  `("quiet_start" IS NULL) = ("quiet_end" IS NULL) AND ("quiet_start" IS NULL OR ("quiet_start" BETWEEN 0 AND 1439 AND "quiet_end" BETWEEN 0 AND 1439 AND "quiet_start" <> "quiet_end"))`,
)
@Check('CHK_chat_settings_quiet_mode', `"quiet_mode" IS NULL OR "quiet_mode" IN ('hold', 'silent')`)
@Check(
  'CHK_chat_settings_quiet_requests',
  `"quiet_requests" IS NULL OR "quiet_requests" IN ('silent', 'loud')`,
)
@Check(
  'CHK_chat_settings_presence_mode',
  `"presence_mode" IS NULL OR "presence_mode" IN ('hold', 'silent')`,
)
@Check(
  'CHK_chat_settings_presence_window',
  `"presence_window_seconds" IS NULL OR "presence_window_seconds" BETWEEN 0 AND 3600`,
)
export class ChatSettingsEntity {
  /** Text: Telegram chat ids go beyond 32 bits and may be negative. */
  @PrimaryColumn({ name: 'chat_id', type: 'text' })
  chatId!: string;

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  @Column({ name: 'quiet_start', type: 'integer', nullable: true })
  quietStart!: number | null;

  @Column({ name: 'quiet_end', type: 'integer', nullable: true })
  quietEnd!: number | null;

  @Column({ name: 'quiet_mode', type: 'text', nullable: true })
  quietMode!: DeliveryMode | null;

  @Column({ name: 'quiet_requests', type: 'text', nullable: true })
  quietRequests!: RequestAlert | null;

  @Column({ name: 'presence_window_seconds', type: 'integer', nullable: true })
  presenceWindowSeconds!: number | null;

  @Column({ name: 'presence_mode', type: 'text', nullable: true })
  presenceMode!: DeliveryMode | null;

  @Column(epochMsColumn({ name: 'updated_at' }))
  updatedAt!: number;
}
