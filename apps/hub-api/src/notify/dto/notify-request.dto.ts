import {
  FIELD_LIMITS,
  INPUT_IDLE_SECONDS_RULE,
  MAX_MESSAGE_CHARS,
  NOTIFICATION_TYPES,
  SESSION_EVENTS,
  isNotificationType,
  isSessionEvent,
  type NotificationType,
  type NotifyMetadata,
  inputIdleSecondsOf,
} from '@ccr/protocol';
import {
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { ServerIdDto } from '../../common/dto/server-id.dto';
import { SessionSourceDto } from '../../common/dto/session-source.dto';

/**
 * A notification has a type; a session event (SessionStart, UserPromptSubmit, SessionEnd) has
 * none, being worth no message.
 */
function IsTypeForEvent() {
  return ValidateBy({
    name: 'isTypeForEvent',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) =>
        isSessionEvent((args?.object as { event?: unknown } | undefined)?.event)
          ? value === undefined
          : isNotificationType(value),
      defaultMessage: (args?: ValidationArguments) => {
        const event = (args?.object as { event?: unknown } | undefined)?.event;
        return isSessionEvent(event)
          ? `must be absent for a ${event} event, which is worth no message`
          : `must be one of ${NOTIFICATION_TYPES.join(', ')} (or leave it out for a session event: ${SESSION_EVENTS.join(', ')})`;
      },
    },
  });
}

/**
 * `POST /notify`: the original four fields, and what remote-hook adds. A session event comes
 * without `type` (see HookEventPayload).
 */
export class NotifyRequestDto extends SessionSourceDto {
  @IsTypeForEvent()
  type?: NotificationType;

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
