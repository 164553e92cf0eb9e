import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import {
  AnswerStore,
  DeliverySettingsStore,
  LaunchStore,
  OutboxStore,
  PermissionStore,
  ProcessedUpdateStore,
  SessionStore,
  SignatureReplayStore,
} from '@ccr/session-data-access';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CLOCK, SessionDatabaseModule } from './session-database.module';

describe('SessionDatabaseModule', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-nest-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the file, provides every store on it with the configured TTL, and closes it at shutdown', async () => {
    const path = join(dir, 'data', 'sessions.db');
    const moduleRef = await Test.createTestingModule({
      imports: [SessionDatabaseModule.forRoot({ database: { path }, ttlHours: 2 })],
    }).compile();
    const app = moduleRef.createNestApplication();
    app.enableShutdownHooks();
    await app.init();

    const dataSource = app.get(DataSource);
    expect(dataSource.isInitialized).toBe(true);
    for (const store of [
      OutboxStore,
      PermissionStore,
      AnswerStore,
      ProcessedUpdateStore,
      DeliverySettingsStore,
      LaunchStore,
      SignatureReplayStore,
    ]) {
      expect(app.get(store)).toBeInstanceOf(store);
    }
    const { session } = await app
      .get(SessionStore)
      .recordAndQueueNotification(
        { serverId: 'kr4', type: 'completed', project: 'p' },
        { chatIds: [] },
      );
    expect(session.expiresAt.getTime() - session.lastEventAt.getTime()).toBe(2 * 3_600_000);

    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });

  it('gives every store the one clock, which a test can replace', async () => {
    const at = new Date('2026-12-24T23:30:00Z');
    const moduleRef = await Test.createTestingModule({
      imports: [
        SessionDatabaseModule.forRoot({
          database: { path: join(dir, 'sessions.db') },
          ttlHours: 2,
        }),
      ],
    })
      .overrideProvider(CLOCK)
      .useValue(() => at)
      .compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const { notification } = await app
      .get(SessionStore)
      .recordAndQueueNotification(
        { serverId: 'kr4', type: 'completed', project: 'p' },
        { chatIds: ['1'] },
      );
    expect(notification.receivedAt).toEqual(at);
    let queuedAt: Date | undefined;
    await app.get(OutboxStore).takeDue('1', 1, (items) => {
      queuedAt = items[0]?.createdAt;
      return {};
    });
    expect(queuedAt).toEqual(at);
    await app.close();
  });
});
