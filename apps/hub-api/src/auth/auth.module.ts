import { Global, Module } from '@nestjs/common';
import { HubSecretGuard } from './hub-secret.guard';
import { RequestAuthService } from './request-auth.service';
import { ServerRequestGuard } from './server-request.guard';

@Global()
@Module({
  providers: [RequestAuthService, ServerRequestGuard, HubSecretGuard],
  exports: [RequestAuthService, ServerRequestGuard, HubSecretGuard],
})
export class AuthModule {}
