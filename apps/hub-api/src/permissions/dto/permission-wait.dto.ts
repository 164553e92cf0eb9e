import { PERMISSION_WAIT_MAX_SECONDS, type PermissionWaitPayload } from '@ccr/protocol';
import { IsNotEmpty, IsNumber, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ServerIdDto } from '../../common/dto/server-id.dto';
import { REQUEST_ID_MESSAGE, REQUEST_ID_PATTERN } from './permission-request.dto';

/** Nonces only have to differ between polls; this bounds what is accepted. */
export const NONCE_MAX_CHARS = 128;

/** `POST /permissions/wait`: one long poll for a request's decision. */
export class PermissionWaitDto extends ServerIdDto implements PermissionWaitPayload {
  @IsString()
  @Matches(REQUEST_ID_PATTERN, { message: REQUEST_ID_MESSAGE })
  requestId!: string;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(PERMISSION_WAIT_MAX_SECONDS)
  waitSeconds!: number;

  @IsString()
  @IsNotEmpty()
  @MaxLength(NONCE_MAX_CHARS)
  nonce!: string;
}
