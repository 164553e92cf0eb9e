import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { PermissionExpiry } from './permission-expiry.service';
import { PermissionsController } from './permissions.controller';
import { PermissionsService } from './permissions.service';

@Module({
  imports: [OutboxModule],
  controllers: [PermissionsController],
  providers: [PermissionsService, PermissionExpiry],
})
export class PermissionsModule {}
