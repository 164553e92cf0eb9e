import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HUB_PATHS, MAX_BODY_BYTES } from '@ccr/protocol';
import { raw } from 'express';
import { OutboxModule } from '../outbox/outbox.module';
import { PermissionExpiry } from './permission-expiry.service';
import { PermissionsController } from './permissions.controller';
import { PermissionsService } from './permissions.service';

@Module({
  imports: [OutboxModule],
  controllers: [PermissionsController],
  providers: [PermissionsService, PermissionExpiry],
})
export class PermissionsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Signed like /notify: the guard verifies the exact bytes, and @JsonBody parses them.
    consumer
      .apply(raw({ type: () => true, limit: MAX_BODY_BYTES }))
      .forRoutes(HUB_PATHS.permissions, HUB_PATHS.permissionWait);
  }
}
