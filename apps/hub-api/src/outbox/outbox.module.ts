import { Module } from '@nestjs/common';
import { OutboxSender } from './outbox-sender.service';

@Module({
  providers: [OutboxSender],
  exports: [OutboxSender],
})
export class OutboxModule {}
