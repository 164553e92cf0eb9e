import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import {
  OutboxStore,
  PermissionStore,
  ProcessedUpdateStore,
  SessionStore,
  openDatabase,
} from '@ccr/session-data-access';
import { DataSource } from 'typeorm';
import { BOT_CONFIG } from '../config/bot-config.constant';

/** The SQLite file hub-api writes sessions to (WAL); migrations run when it opens. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [BOT_CONFIG],
      useFactory: (config: BotConfig) => openDatabase({ path: config.databasePath }),
    },
    {
      provide: SessionStore,
      inject: [DataSource, BOT_CONFIG],
      useFactory: (dataSource: DataSource, config: BotConfig) =>
        new SessionStore(dataSource, { ttlHours: config.sessionTtlHours }),
    },
    {
      provide: OutboxStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OutboxStore(dataSource),
    },
    {
      // Button presses decide permission requests in the file hub-api waits on.
      provide: PermissionStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PermissionStore(dataSource),
    },
    {
      provide: ProcessedUpdateStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ProcessedUpdateStore(dataSource),
    },
  ],
  exports: [DataSource, SessionStore, OutboxStore, PermissionStore, ProcessedUpdateStore],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
