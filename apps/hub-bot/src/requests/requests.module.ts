import { Module } from '@nestjs/common';
import { PlansService } from './plans.service';
import { QuestionsService } from './questions.service';
import { RequestMessages } from './request-messages.service';
import { RequestReplies } from './request-replies.service';

/** Questions and plans answered from Telegram, and the editing of every request's messages. */
@Module({
  providers: [RequestMessages, QuestionsService, PlansService, RequestReplies],
  exports: [RequestMessages, QuestionsService, PlansService, RequestReplies],
})
export class RequestsModule {}
