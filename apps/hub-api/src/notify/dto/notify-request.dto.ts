import {
  FIELD_LIMITS,
  MAX_MESSAGE_CHARS,
  NOTIFICATION_TYPES,
  SERVER_ID_PATTERN,
  type NotificationType,
  type NotifyMetadata,
  type NotifyPayload,
} from '@ccr/protocol';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TmuxLocationDto } from './tmux-location.dto';

/** `POST /notify`: the original four fields, and what remote-hook adds. */
export class NotifyRequestDto implements NotifyPayload {
  @IsString()
  @Matches(SERVER_ID_PATTERN, {
    message: 'must be 1–32 letters, digits, "-" or "_", starting with a letter or digit',
  })
  serverId!: string;

  @IsIn(NOTIFICATION_TYPES, { message: `must be one of ${NOTIFICATION_TYPES.join(', ')}` })
  type!: NotificationType;

  @IsString()
  @IsNotEmpty()
  @MaxLength(FIELD_LIMITS.project)
  project!: string;

  @IsOptional()
  @IsObject()
  metadata?: NotifyMetadata;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(FIELD_LIMITS.claudeSessionId)
  claudeSessionId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(FIELD_LIMITS.cwd)
  cwd?: string;

  @IsOptional()
  @IsString()
  @MaxLength(FIELD_LIMITS.hostname)
  hostname?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => TmuxLocationDto)
  tmux?: TmuxLocationDto;

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
export class PingRequestDto {
  @IsString()
  @Matches(SERVER_ID_PATTERN, {
    message: 'must be 1–32 letters, digits, "-" or "_", starting with a letter or digit',
  })
  serverId!: string;

  /** Makes each check's signature distinct, so two checks in one second are not a replay. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  nonce?: string;
}
