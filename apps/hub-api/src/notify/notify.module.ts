import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox/outbox.module';
import { NotifyController } from './notify.controller';
import { NotifyService } from './notify.service';

@Module({
  imports: [OutboxModule],
  controllers: [NotifyController],
  providers: [NotifyService],
})
export class NotifyModule {}
