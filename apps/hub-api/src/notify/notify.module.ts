import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { HUB_PATHS, MAX_BODY_BYTES } from '@ccr/protocol';
import { raw } from 'express';
import { OutboxModule } from '../outbox/outbox.module';
import { NotifyController } from './notify.controller';
import { NotifyService } from './notify.service';

@Module({
  imports: [OutboxModule],
  controllers: [NotifyController],
  providers: [NotifyService],
})
export class NotifyModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The signature covers the exact bytes sent, so these routes keep the raw body; the
    // guard and the @JsonBody decorator parse it. Larger bodies end in 413 before any parsing.
    consumer
      .apply(raw({ type: () => true, limit: MAX_BODY_BYTES }))
      .forRoutes(HUB_PATHS.notify, HUB_PATHS.ping);
  }
}
