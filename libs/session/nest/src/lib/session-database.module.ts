import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AnswerStore,
  DeliverySettingsStore,
  LaunchStore,
  OutboxStore,
  PermissionStore,
  PollingLeaseStore,
  ProcessedUpdateStore,
  SessionStore,
  SignatureReplayStore,
  openDatabase,
  type DatabaseLocation,
} from '@ccr/session-data-access';
import { systemClock, type Clock } from '@ccr/shared-util';
import { DataSource } from 'typeorm';

export interface SessionDatabaseOptions {
  /** The SQLite file both hub apps share (WAL mode), or the PostgreSQL database. */
  database: DatabaseLocation;
  /** A session expires this long after its last notification. */
  ttlHours: number;
}

/**
 * The clock every store, and every service of the app that asks what time it is, reads. The
 * system clock; an end-to-end test that depends on the time of day overrides this one provider.
 */
export const CLOCK = Symbol('CLOCK');

/**
 * The shared database for a hub app: opened (and migrated) once at start, closed at shutdown,
 * with every store on it injectable by its class, and the CLOCK they read.
 */
@Global()
@Module({})
export class SessionDatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(options: SessionDatabaseOptions): DynamicModule {
    return {
      module: SessionDatabaseModule,
      providers: [
        { provide: CLOCK, useValue: systemClock },
        { provide: DataSource, useFactory: () => openDatabase(options.database) },
        {
          provide: SessionStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new SessionStore(dataSource, { ttlHours: options.ttlHours, clock }),
        },
        {
          provide: OutboxStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new OutboxStore(dataSource, { clock }),
        },
        {
          provide: PermissionStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new PermissionStore(dataSource, { clock }),
        },
        {
          provide: AnswerStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new AnswerStore(dataSource, { clock }),
        },
        {
          provide: ProcessedUpdateStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new ProcessedUpdateStore(dataSource, { clock }),
        },
        {
          provide: DeliverySettingsStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new DeliverySettingsStore(dataSource, { clock }),
        },
        {
          provide: SignatureReplayStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new SignatureReplayStore(dataSource, { clock }),
        },
        {
          provide: PollingLeaseStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new PollingLeaseStore(dataSource, { clock }),
        },
        {
          provide: LaunchStore,
          inject: [DataSource, CLOCK],
          useFactory: (dataSource: DataSource, clock: Clock) =>
            new LaunchStore(dataSource, { clock }),
        },
      ],
      exports: [
        CLOCK,
        DataSource,
        SessionStore,
        OutboxStore,
        PermissionStore,
        AnswerStore,
        ProcessedUpdateStore,
        DeliverySettingsStore,
        LaunchStore,
        SignatureReplayStore,
        PollingLeaseStore,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
