import {
  BadRequestException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
  type RawBodyRequest,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { parseJsonObject } from '../common/json-body.util';
import { RequestAuthService, type AuthOutcome } from './request-auth.service';
import { ROUTE_AUTH, RouteAuth } from './route-auth.decorator';

/**
 * The one guard of hub-api, on every route (APP_GUARD): each route is authenticated as its
 * `@Authenticate()` says, and a route that says nothing takes signed server requests only.
 *
 * A server request's signature covers the exact bytes sent, which Nest keeps as `rawBody`
 * (main.ts); the body names the server whose secret must have signed it, so it is parsed here,
 * once, and becomes `request.body` for `@Body()` and the ValidationPipe. Until the signature
 * checks out, nothing about the body is said: a stranger gets a bare 401, never a 400.
 */
@Injectable()
export class RequestAuthGuard implements CanActivate {
  constructor(
    private readonly auth: RequestAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RawBodyRequest<Request>>();
    const auth =
      this.reflector.getAllAndOverride<RouteAuth | undefined>(ROUTE_AUTH, [
        context.getHandler(),
        context.getClass(),
      ]) ?? RouteAuth.ServerSignature;
    switch (auth) {
      case RouteAuth.None:
        return true;
      case RouteAuth.HubSecret:
        return this.admit(request, this.auth.checkHubRequest(request.headers));
      case RouteAuth.ServerSignature:
        return this.admitServer(request);
    }
  }

  private async admitServer(request: RawBodyRequest<Request>): Promise<boolean> {
    const raw = request.rawBody ?? Buffer.alloc(0);
    const body = parseJsonObject(raw);
    const serverId = body.ok ? body.value['serverId'] : undefined;
    this.admit(
      request,
      await this.auth.checkServerRequest(
        request.headers,
        raw,
        typeof serverId === 'string' ? serverId : undefined,
      ),
    );
    if (!body.ok) throw new BadRequestException({ message: body.error, field: 'body' });
    request.body = body.value;
    return true;
  }

  private admit(request: Request, outcome: AuthOutcome): true {
    if (outcome.ok) return true;
    this.auth.logRefusal(request.path, outcome, request.ip);
    throw new UnauthorizedException();
  }
}
