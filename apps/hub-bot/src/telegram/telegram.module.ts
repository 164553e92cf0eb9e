import { Module } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { TelegrafModule } from 'nestjs-telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { BotLauncher } from './bot-launcher.service';
import { PollingLease } from './polling-lease.service';
import { ChatAllowListMiddleware } from './chat-allow-list.middleware';
import { telegrafModuleOptions } from './telegraf-options.util';
import { UpdateDedupeMiddleware } from './update-dedupe.middleware';
import { UpdateDispatcher } from './update-dispatcher.service';
import { UpdateLogMiddleware } from './update-log.middleware';
import { UpdatePipelineModule } from './update-pipeline.module';

/**
 * The bot: telegraf through nestjs-telegraf, with every update passing, in this order, the
 * per-chat dispatcher, its log line, the once-only check and the chat allow-list before any
 * command handler.
 */
@Module({
  imports: [
    UpdatePipelineModule,
    TelegrafModule.forRootAsync({
      imports: [UpdatePipelineModule],
      inject: [
        BOT_CONFIG,
        UpdateDispatcher,
        UpdateLogMiddleware,
        UpdateDedupeMiddleware,
        ChatAllowListMiddleware,
      ],
      useFactory: (
        config: BotConfig,
        dispatcher: UpdateDispatcher,
        log: UpdateLogMiddleware,
        dedupe: UpdateDedupeMiddleware,
        allowList: ChatAllowListMiddleware,
      ) =>
        telegrafModuleOptions(config, [
          dispatcher.middleware(),
          log.middleware(),
          dedupe.middleware(),
          allowList.middleware(),
        ]),
    }),
  ],
  providers: [BotLauncher, PollingLease],
  exports: [BotLauncher],
})
export class TelegramModule {}
