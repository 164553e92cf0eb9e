import { SERVER_ID_PATTERN } from '@ccr/protocol';
import { IsString, Matches } from 'class-validator';

export const SERVER_ID_MESSAGE =
  'must be 1–32 letters, digits, "-" or "_", starting with a letter or digit';

/** Every request a server's remote-hook sends names the server it speaks for. */
export class ServerIdDto {
  @IsString()
  @Matches(SERVER_ID_PATTERN, { message: SERVER_ID_MESSAGE })
  serverId!: string;
}
