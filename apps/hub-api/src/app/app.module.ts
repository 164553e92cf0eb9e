import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '../auth/auth.module';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { validationException } from '../common/validation-error.util';
import { HubConfigModule, type LoadedConfig } from '../config/hub-config.module';
import { DatabaseModule } from '../database/database.module';
import { HealthModule } from '../health/health.module';
import { NotifyModule } from '../notify/notify.module';
import { ServersModule } from '../servers/servers.module';
import { SessionsModule } from '../sessions/sessions.module';
import { pinoOptions } from './logger.options';

@Module({})
export class AppModule {
  static forRoot(config: LoadedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        HubConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: pinoOptions(config.hub.logLevel) }),
        DatabaseModule,
        AuthModule,
        NotifyModule,
        SessionsModule,
        ServersModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            // @JsonBody() is a custom decorator; without this its DTO would go unchecked.
            validateCustomDecorators: true,
            exceptionFactory: validationException,
          }),
        },
      ],
    };
  }
}
