import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { HubConfig } from '@ccr/config';
import { OutboxStore, PermissionStore, SessionStore, openDatabase } from '@ccr/session-data-access';
import { DataSource } from 'typeorm';
import { HUB_CONFIG } from '../config/hub-config.constant';

/** One SQLite file (WAL) shared with hub-bot; migrations run when it opens. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [HUB_CONFIG],
      useFactory: (config: HubConfig) => openDatabase({ path: config.databasePath }),
    },
    {
      provide: SessionStore,
      inject: [DataSource, HUB_CONFIG],
      useFactory: (dataSource: DataSource, config: HubConfig) =>
        new SessionStore(dataSource, { ttlHours: config.sessionTtlHours }),
    },
    {
      provide: OutboxStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OutboxStore(dataSource),
    },
    {
      provide: PermissionStore,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PermissionStore(dataSource),
    },
  ],
  exports: [DataSource, SessionStore, OutboxStore, PermissionStore],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
