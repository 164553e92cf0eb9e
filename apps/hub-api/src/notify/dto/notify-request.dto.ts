import {
  FIELD_LIMITS,
  INPUT_IDLE_SECONDS_RULE,
  MAX_MESSAGE_CHARS,
  NOTIFICATION_TYPES,
  type NotificationType,
  type NotifyMetadata,
  type NotifyPayload,
  inputIdleSecondsOf,
} from '@ccr/protocol';
import {
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
} from 'class-validator';
import { ServerIdDto } from '../../common/dto/server-id.dto';
import { SessionSourceDto } from '../../common/dto/session-source.dto';

/** `POST /notify`: the original four fields, and what remote-hook adds. */
export class NotifyRequestDto extends SessionSourceDto implements NotifyPayload {
  @IsIn(NOTIFICATION_TYPES, { message: `must be one of ${NOTIFICATION_TYPES.join(', ')}` })
  type!: NotificationType;

  @IsOptional()
  @IsObject()
  @ValidateBy({
    name: 'inputIdleSeconds',
    validator: {
      // Free-form otherwise, as the original shape had it; what the hub acts on is checked.
      validate: (value: unknown) => inputIdleSecondsOf(value) !== null,
      defaultMessage: () => INPUT_IDLE_SECONDS_RULE,
    },
  })
  metadata?: NotifyMetadata;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_MESSAGE_CHARS)
  message?: string;

  @IsOptional()
  @IsString()
  @MaxLength(FIELD_LIMITS.event)
  event?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  sentAt?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/, {
    message: 'must be 1–128 letters, digits, ".", "_", ":" or "-"',
  })
  eventId?: string;
}

/** `POST /ping`: a signed request that stores nothing. */
export class PingRequestDto extends ServerIdDto {
  /** Makes each check's signature distinct, so two checks in one second are not a replay. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  nonce?: string;
}
