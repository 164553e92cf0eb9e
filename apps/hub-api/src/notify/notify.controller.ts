import { Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { HUB_PATHS, type NotifyAccepted, type PingAccepted } from '@ccr/protocol';
import { ServerRequestGuard } from '../auth/server-request.guard';
import { JsonBody } from '../common/json-body.decorator';
import { NotifyRequestDto, PingRequestDto } from './dto/notify-request.dto';
import { NotifyService } from './notify.service';

@Controller()
@UseGuards(ServerRequestGuard)
export class NotifyController {
  constructor(private readonly notify: NotifyService) {}

  @Post(HUB_PATHS.notify)
  @HttpCode(HttpStatus.ACCEPTED)
  record(@JsonBody() body: NotifyRequestDto): Promise<NotifyAccepted> {
    return this.notify.record(body);
  }

  @Post(HUB_PATHS.ping)
  @HttpCode(HttpStatus.OK)
  ping(@JsonBody() body: PingRequestDto): PingAccepted {
    return this.notify.ping(body.serverId);
  }
}
