import { DynamicModule, Global, Module } from '@nestjs/common';
import type { BotConfig, ServersConfig } from '@ccr/config';
import type { Logger } from 'pino';
import { BOT_CONFIG, ROOT_LOGGER, SERVERS_CONFIG } from './bot-config.constant';

export interface LoadedBotConfig {
  bot: BotConfig;
  servers: ServersConfig;
}

/**
 * Makes the configuration, already validated by main.ts, injectable everywhere, with the root
 * logger built from it.
 */
@Global()
@Module({})
export class BotConfigModule {
  static forRoot(config: LoadedBotConfig, logger: Logger): DynamicModule {
    return {
      module: BotConfigModule,
      providers: [
        { provide: BOT_CONFIG, useValue: config.bot },
        { provide: SERVERS_CONFIG, useValue: config.servers },
        { provide: ROOT_LOGGER, useValue: logger },
      ],
      exports: [BOT_CONFIG, SERVERS_CONFIG, ROOT_LOGGER],
    };
  }
}
