import { PERMISSION_LIMITS, type PermissionRequestPayload } from '@ccr/protocol';
import { MAX_PERMISSION_TIMEOUT_SECONDS } from '@ccr/session-data-access';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { SessionSourceDto } from '../../common/dto/session-source.dto';

/** Request ids are UUIDs in practice; anything id-like of bounded length is accepted. */
export const REQUEST_ID_PATTERN = new RegExp(`^[A-Za-z0-9._:-]{1,${PERMISSION_LIMITS.requestId}}$`);
export const REQUEST_ID_MESSAGE = `must be 1–${PERMISSION_LIMITS.requestId} letters, digits, ".", "_", ":" or "-"`;

/** Claude Code's mode names are short words; this only bounds what is stored. */
const PERMISSION_MODE_MAX_CHARS = 64;

/** The tool input is stored as JSON text; its size is what the bound is about. */
function JsonAtMost(chars: number) {
  return ValidateBy({
    name: 'jsonAtMost',
    validator: {
      validate: (value: unknown) => {
        try {
          return (JSON.stringify(value) ?? '').length <= chars;
        } catch {
          return false;
        }
      },
      defaultMessage: () => `must be at most ${chars} characters as JSON`,
    },
  });
}

/** `POST /permissions`: a PermissionRequest hook waiting for a remote answer. */
export class PermissionRequestDto extends SessionSourceDto implements PermissionRequestPayload {
  @IsString()
  @Matches(REQUEST_ID_PATTERN, { message: REQUEST_ID_MESSAGE })
  requestId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(PERMISSION_LIMITS.toolName)
  toolName!: string;

  @IsObject()
  @JsonAtMost(PERMISSION_LIMITS.toolInputChars)
  toolInput!: Record<string, unknown>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PERMISSION_LIMITS.suggestions)
  @IsObject({ each: true, message: 'must be a list of objects' })
  permissionSuggestions?: Array<Record<string, unknown>>;

  @IsOptional()
  @IsString()
  @MaxLength(PERMISSION_MODE_MAX_CHARS)
  permissionMode?: string;

  @IsInt()
  @Min(1)
  @Max(MAX_PERMISSION_TIMEOUT_SECONDS)
  timeoutSeconds!: number;

  @IsOptional()
  @IsISO8601({ strict: true })
  sentAt?: string;
}
