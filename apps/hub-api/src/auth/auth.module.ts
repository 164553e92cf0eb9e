import { Global, Module } from '@nestjs/common';
import { RequestAuthService } from './request-auth.service';

@Global()
@Module({
  providers: [RequestAuthService],
  exports: [RequestAuthService],
})
export class AuthModule {}
