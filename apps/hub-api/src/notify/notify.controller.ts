import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { HUB_PATHS, type NotifyAccepted, type PingAccepted } from '@ccr/protocol';
import { Authenticate, RouteAuth } from '../auth/route-auth.decorator';
import { NotifyRequestDto, PingRequestDto } from './dto/notify-request.dto';
import { NotifyService } from './notify.service';

@Controller()
@Authenticate(RouteAuth.ServerSignature)
export class NotifyController {
  constructor(private readonly notify: NotifyService) {}

  @Post(HUB_PATHS.notify)
  @HttpCode(HttpStatus.ACCEPTED)
  record(@Body() body: NotifyRequestDto): Promise<NotifyAccepted> {
    return this.notify.record(body);
  }

  @Post(HUB_PATHS.ping)
  @HttpCode(HttpStatus.OK)
  ping(@Body() body: PingRequestDto): PingAccepted {
    return this.notify.ping(body.serverId);
  }
}
