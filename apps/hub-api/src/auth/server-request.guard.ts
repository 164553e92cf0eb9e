import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';
import { parseJsonBody } from '../common/json-body.util';
import { RequestAuthService } from './request-auth.service';

/** For routes a server's remote-hook calls: HMAC signature, or the plain shared secret. */
@Injectable()
export class ServerRequestGuard implements CanActivate {
  constructor(private readonly auth: RequestAuthService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const body = parseJsonBody(request);
    const serverId =
      body.ok && typeof body.value === 'object' && body.value !== null
        ? (body.value as Record<string, unknown>)['serverId']
        : undefined;
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const outcome = this.auth.checkServerRequest(
      request.headers,
      raw,
      typeof serverId === 'string' ? serverId : undefined,
    );
    if (outcome.ok) return true;
    this.auth.logRefusal(request.path, outcome, request.ip);
    throw new UnauthorizedException();
  }
}
