import { FIELD_LIMITS, PROMPT_ID_PATTERN } from '@ccr/protocol';
import { Type } from 'class-transformer';
import {
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { TmuxLocationDto } from '../../notify/dto/tmux-location.dto';
import { ServerIdDto } from './server-id.dto';

/** Where an event comes from: the fields that find or start its session, shared by every hook request. */
export class SessionSourceDto extends ServerIdDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(FIELD_LIMITS.project)
  project!: string;

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

  /** Claude Code's prompt id: the events of one turn share it. */
  @IsOptional()
  @IsString()
  @Matches(PROMPT_ID_PATTERN, {
    message: `must be 1–${FIELD_LIMITS.promptId} letters, digits, ".", "_", ":" or "-"`,
  })
  promptId?: string;
}
