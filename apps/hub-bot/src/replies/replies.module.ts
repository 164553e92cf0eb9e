import { Global, Module } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { TelegramBotApi, type TelegramRetry } from '@ccr/telegram-bot-api';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { Answerer } from './answer.service';
import { TelegramReplies } from './telegram-replies.service';

/**
 * A person is waiting for these answers and no queue holds them: a rate limit or a server error
 * is tried again briefly, within the call; a longer retry_after is not worth holding the chat's
 * updates for.
 */
const ANSWER_RETRY: TelegramRetry = {
  attempts: 3,
  maxRetryAfterMs: 10_000,
  backoff: { firstMs: 500, maxMs: 1_000 },
};

/** Everything hub-bot sends to Telegram goes through here. */
@Global()
@Module({
  providers: [
    {
      provide: TelegramBotApi,
      inject: [BOT_CONFIG],
      useFactory: (config: BotConfig) =>
        new TelegramBotApi({
          apiRoot: config.telegram.apiRoot,
          token: config.telegram.botToken,
          retry: ANSWER_RETRY,
        }),
    },
    TelegramReplies,
    Answerer,
  ],
  exports: [TelegramBotApi, TelegramReplies, Answerer],
})
export class RepliesModule {}
