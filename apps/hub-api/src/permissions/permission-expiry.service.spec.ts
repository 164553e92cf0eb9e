import { Logger } from '@nestjs/common';
import { PermissionStore, openDatabase } from '@ccr/session-data-access';
import { systemClock } from '@ccr/shared-util';
import { makeTempDir, removeDir, waitFor } from '@ccr/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { OutboxSender } from '../outbox/outbox-sender.service';
import { PermissionExpiry } from './permission-expiry.service';

describe('PermissionExpiry', () => {
  // The services log every request; the assertions say what matters here. (Jest gives each
  // test file its own modules, so this does not reach other files.)
  beforeAll(() => Logger.overrideLogger(false));

  let dir: string;
  let dataSource: DataSource;
  let store: PermissionStore;
  let senderWakes: number;
  let expiry: PermissionExpiry;

  beforeEach(async () => {
    dir = await makeTempDir('ccr-expiry-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    store = new PermissionStore(dataSource);
    senderWakes = 0;
    const sender = { wake: () => (senderWakes += 1) } as unknown as OutboxSender;
    expiry = new PermissionExpiry(store, sender, systemClock);
  });

  afterEach(async () => {
    await expiry.onApplicationShutdown();
    await dataSource.destroy();
    await removeDir(dir);
  });

  const ask = (requestId: string, timeoutSeconds: number) =>
    store.create(
      {
        serverId: 'kr4',
        project: 'webapp',
        requestId,
        claudeSessionId: requestId,
        toolName: 'Bash',
        toolInput: { command: 'ls' },
        timeoutSeconds,
      },
      { chatIds: ['100'] },
    );

  const status = async (requestId: string) => (await store.get(requestId))?.request.status;

  it('expires a request when its time comes, queues the edit and wakes the sender', async () => {
    expiry.onApplicationBootstrap();
    await ask('soon', 1);
    await ask('later', 300);
    expiry.wake();
    await waitFor(async () => (await status('soon')) === 'expired', {
      timeoutMs: 5_000,
      what: 'the request to expire',
    });
    expect(await status('later')).toBe('pending');
    await waitFor(() => senderWakes > 0, { timeoutMs: 1_000, what: 'the sender to be woken' });
    expect(
      await dataSource.query(`SELECT count(*) AS n FROM outbox WHERE kind = 'permission-outcome'`),
    ).toEqual([{ n: 1 }]);
  });

  it('expires at start-up what came due while the hub was down', async () => {
    await ask('stale', 1);
    await dataSource.query(`UPDATE permission_requests SET expires_at = 0`);
    expiry.onApplicationBootstrap();
    await waitFor(async () => (await status('stale')) === 'expired', {
      timeoutMs: 5_000,
      what: 'the stale request to expire',
    });
  });

  it('does nothing before it is started or after it stopped', async () => {
    await ask('stale', 1);
    await dataSource.query(`UPDATE permission_requests SET expires_at = 0`);
    expiry.wake();
    await expiry.onApplicationShutdown();
    expect(await status('stale')).toBe('pending');
    expect(senderWakes).toBe(0);
  });
});
