import { Module } from '@nestjs/common';
import { ChatAllowListMiddleware } from './chat-allow-list.middleware';
import { UpdateDedupeMiddleware } from './update-dedupe.middleware';
import { UpdateDispatcher } from './update-dispatcher.service';
import { UpdateLogMiddleware } from './update-log.middleware';

/** What every update passes before a command handler sees it. */
@Module({
  providers: [
    UpdateDispatcher,
    UpdateLogMiddleware,
    UpdateDedupeMiddleware,
    ChatAllowListMiddleware,
  ],
  exports: [UpdateDispatcher, UpdateLogMiddleware, UpdateDedupeMiddleware, ChatAllowListMiddleware],
})
export class UpdatePipelineModule {}
