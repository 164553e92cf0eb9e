import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { SessionDatabaseModule } from '@ccr/session-nest';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '../auth/auth.module';
import { RequestAuthGuard } from '../auth/request-auth.guard';
import { HttpExceptionFilter } from '../common/http-exception.filter';
import { createValidationPipe } from '../common/validation-pipe.util';
import { HubConfigModule, type LoadedConfig } from '../config/hub-config.module';
import { HealthModule } from '../health/health.module';
import { NotifyModule } from '../notify/notify.module';
import { PermissionsModule } from '../permissions/permissions.module';
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
        SessionDatabaseModule.forRoot({
          database: config.hub.database,
          ttlHours: config.hub.sessionTtlHours,
        }),
        AuthModule,
        NotifyModule,
        PermissionsModule,
        SessionsModule,
        ServersModule,
        HealthModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: RequestAuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        { provide: APP_PIPE, useValue: createValidationPipe() },
      ],
    };
  }
}
