import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import {
  HUB_PATHS,
  type PermissionRequestAccepted,
  type PermissionWaitAnswer,
} from '@ccr/protocol';
import type { Response } from 'express';
import { Authenticate, RouteAuth } from '../auth/route-auth.decorator';
import { PermissionAnsweredDto } from './dto/permission-answered.dto';
import { PermissionRequestDto } from './dto/permission-request.dto';
import { PermissionWaitDto } from './dto/permission-wait.dto';
import { PermissionsService } from './permissions.service';

@Controller()
@Authenticate(RouteAuth.ServerSignature)
export class PermissionsController {
  constructor(private readonly permissions: PermissionsService) {}

  @Post(HUB_PATHS.permissions)
  @HttpCode(HttpStatus.ACCEPTED)
  create(@Body() body: PermissionRequestDto): Promise<PermissionRequestAccepted> {
    return this.permissions.create(body);
  }

  @Post(HUB_PATHS.permissionWait)
  @HttpCode(HttpStatus.OK)
  wait(
    @Body() body: PermissionWaitDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PermissionWaitAnswer> {
    // A CLI that gave up (Claude answered locally, the hook timed out) closes the connection:
    // stop reading the database for it. The request's own 'close' would fire once its body
    // was read, so the response's is the one that means "gone".
    const gone = new AbortController();
    response.on('close', () => gone.abort());
    return this.permissions.wait(body, gone.signal);
  }

  /** The waiting CLI saw in the transcript that the terminal answered: the chat says so. */
  @Post(HUB_PATHS.permissionAnswered)
  @HttpCode(HttpStatus.OK)
  answered(@Body() body: PermissionAnsweredDto): Promise<PermissionWaitAnswer> {
    return this.permissions.answeredOnServer(body);
  }
}
