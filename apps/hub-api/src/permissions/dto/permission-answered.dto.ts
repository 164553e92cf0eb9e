import type { PermissionAnsweredPayload } from '@ccr/protocol';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { ServerIdDto } from '../../common/dto/server-id.dto';
import { REQUEST_ID_MESSAGE, REQUEST_ID_PATTERN } from './permission-request.dto';
import { NONCE_MAX_CHARS } from './permission-wait.dto';

/** `POST /permissions/answered-on-server`: the CLI saw the terminal answer its request. */
export class PermissionAnsweredDto extends ServerIdDto implements PermissionAnsweredPayload {
  @IsString()
  @Matches(REQUEST_ID_PATTERN, { message: REQUEST_ID_MESSAGE })
  requestId!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(NONCE_MAX_CHARS)
  nonce!: string;
}
