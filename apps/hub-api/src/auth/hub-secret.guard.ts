import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { RequestAuthService } from './request-auth.service';

/** For reading routes: `X-Shared-Secret` or `Authorization: Bearer` with the hub-wide secret. */
@Injectable()
export class HubSecretGuard implements CanActivate {
  constructor(private readonly auth: RequestAuthService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const outcome = this.auth.checkHubRequest(request.headers);
    if (outcome.ok) return true;
    this.auth.logRefusal(request.path, outcome, request.ip);
    throw new UnauthorizedException();
  }
}
