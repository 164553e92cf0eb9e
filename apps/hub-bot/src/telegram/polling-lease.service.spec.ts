import { hostname } from 'node:os';
import { join } from 'node:path';
import { PollingLeaseStore, openDatabase } from '@ccr/session-data-access';
import { makeTempDir, removeDir } from '@ccr/testing';
import type { DataSource } from 'typeorm';
import { PollingLease } from './polling-lease.service';

const BOT_ID = 123456789;
const STALE_AFTER_MS = 20_000;

describe('PollingLease (real SQLite)', () => {
  let dir: string;
  let dataSource: DataSource;
  let nowMs: number;
  const clock = () => new Date(nowMs);
  const leases: PollingLease[] = [];

  /** A hub-bot's lease; two of them stand for two hub-bots on one database. */
  const hubBot = () => {
    const lease = new PollingLease(
      new PollingLeaseStore(dataSource, { clock, staleAfterMs: STALE_AFTER_MS }),
      clock,
    );
    leases.push(lease);
    return lease;
  };
  const lost: string[] = [];
  const onLost = (message: string) => lost.push(message);

  beforeEach(async () => {
    dir = await makeTempDir('ccr-polling-lease-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    nowMs = Date.parse('2026-05-01T08:00:00.000Z');
    lost.length = 0;
  });

  afterEach(async () => {
    // Stops their heartbeat timers.
    for (const lease of leases.splice(0)) await lease.release();
    await dataSource.destroy();
    await removeDir(dir);
  });

  it('refuses a second hub-bot while the first beats, naming it and saying what to do', async () => {
    const first = hubBot();
    expect(await first.take(BOT_ID, onLost)).toBeNull();
    nowMs += 5_000;
    await first.heartbeat();
    nowMs += 3_000;
    expect(await hubBot().take(BOT_ID, onLost)).toBe(
      `another hub-bot (host ${hostname()}, pid ${process.pid}, polling since 2026-05-01T08:00:00.000Z, last heartbeat 3 s ago) is long polling this bot on this database: only one hub-bot may long-poll, so this one does not start. Stop that one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database; see "Running on PostgreSQL" in the README), where several may run at once. A hub-bot that ended without stopping cleanly frees it 20 s after its last heartbeat`,
    );
    expect(lost).toEqual([]);
  });

  it('tells a holder whose heartbeat lapsed, at its next beat, that another took the lease, and beats no more', async () => {
    const first = hubBot();
    await first.take(BOT_ID, onLost);
    nowMs += STALE_AFTER_MS + 1;
    expect(await hubBot().take(BOT_ID, onLost)).toBeNull();
    nowMs += 2_000;
    await first.heartbeat();
    expect(lost).toEqual([
      `another hub-bot (host ${hostname()}, pid ${process.pid}, polling since 2026-05-01T08:00:20.001Z, last heartbeat 2 s ago) took the long-polling lease of this bot on this database (this one's heartbeat had not reached the database in time): only one hub-bot may long-poll, so this one stops. Stop that one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database; see "Running on PostgreSQL" in the README), where several may run at once`,
    ]);
    await first.heartbeat();
    expect(lost).toHaveLength(1);
  });

  it('released, lets the next hub-bot take it at once; a lease of another bot is its own', async () => {
    const first = hubBot();
    await first.take(BOT_ID, onLost);
    expect(await hubBot().take(BOT_ID + 1, onLost)).toBeNull();
    await first.release();
    expect(await hubBot().take(BOT_ID, onLost)).toBeNull();
  });
});
