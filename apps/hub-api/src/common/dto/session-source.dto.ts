import { FIELD_LIMITS } from '@ccr/protocol';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
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
}
