import { Module, type DynamicModule } from '@nestjs/common';
import { SessionDatabaseModule } from '@ccr/session-nest';
import { LoggerModule } from 'nestjs-pino';
import { ButtonsModule } from '../buttons/buttons.module';
import { BotConfigModule, type LoadedBotConfig } from '../config/bot-config.module';
import { ExecutorModule } from '../executor/executor.module';
import { FilesModule } from '../files/files.module';
import { HealthModule } from '../health/health.module';
import { HelpModule } from '../help/help.module';
import { LaunchModule } from '../launch/launch.module';
import { OutputModule } from '../output/output.module';
import { QuietModule } from '../quiet/quiet.module';
import { RepliesModule } from '../replies/replies.module';
import { ServersModule } from '../servers/servers.module';
import { SessionsModule } from '../sessions/sessions.module';
import { StopModule } from '../stop/stop.module';
import { TelegramModule } from '../telegram/telegram.module';
import { TypingModule } from '../typing/typing.module';
import { VoiceModule } from '../voice/voice.module';
import { createRootLogger } from './logger.options';

/** The bot's features, assembled in one place. */
@Module({})
export class AppModule {
  static forRoot(config: LoadedBotConfig): DynamicModule {
    const { telegram } = config.bot;
    const logger = createRootLogger(config.bot.logLevel, [
      telegram.botToken,
      ...(telegram.webhook ? [telegram.webhook.secret] : []),
      ...(config.bot.stt?.apiKey ? [config.bot.stt.apiKey] : []),
    ]);
    return {
      module: AppModule,
      imports: [
        BotConfigModule.forRoot(config, logger),
        // HTTP requests are not logged one by one: each update logs one line of its own.
        LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false } }),
        SessionDatabaseModule.forRoot({
          database: config.bot.database,
          ttlHours: config.bot.sessionTtlHours,
        }),
        ExecutorModule,
        RepliesModule,
        TelegramModule,
        SessionsModule,
        TypingModule,
        OutputModule,
        FilesModule,
        VoiceModule,
        LaunchModule,
        StopModule,
        ButtonsModule,
        ServersModule,
        QuietModule,
        HelpModule,
        HealthModule,
      ],
    };
  }
}
