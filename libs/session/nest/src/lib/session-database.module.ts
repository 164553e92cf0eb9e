import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  OutboxStore,
  PermissionStore,
  ProcessedUpdateStore,
  SessionStore,
  openDatabase,
} from '@ccr/session-data-access';
import { DataSource } from 'typeorm';

export interface SessionDatabaseOptions {
  /** The SQLite file both hub apps share (WAL mode). */
  path: string;
  /** A session expires this long after its last notification. */
  ttlHours: number;
}

/**
 * The shared database for a hub app: opened (and migrated) once at start, closed at shutdown,
 * with every store on it injectable by its class.
 */
@Global()
@Module({})
export class SessionDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: SessionDatabaseOptions): DynamicModule {
    return {
      module: SessionDatabaseModule,
      providers: [
        { provide: DataSource, useFactory: () => openDatabase({ path: options.path }) },
        {
          provide: SessionStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new SessionStore(dataSource, { ttlHours: options.ttlHours }),
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
        {
          provide: ProcessedUpdateStore,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => new ProcessedUpdateStore(dataSource),
        },
      ],
      exports: [DataSource, SessionStore, OutboxStore, PermissionStore, ProcessedUpdateStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
