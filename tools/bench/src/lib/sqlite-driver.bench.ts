import {
  OutboxStore,
  SessionStore,
  dataSourceOptions,
  openDatabase,
} from '@ccr/session-data-access';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { withSqliteDriver, type SqliteDriver } from './sqlite-driver.util';
import { summarize, type Summary } from './stats.util';

export interface StoreOps {
  opsPerSecond: number;
  latencyMs: Summary;
}

export interface SqliteDriverStores {
  driver: SqliteDriver;
  /** SessionStore.recordAndQueueNotification: the intake's write transaction, one at a time. */
  intake: StoreOps;
  /** OutboxStore.takeDue claiming a chat's due rows, one chat at a time. */
  claim: StoreOps;
}

const SERVERS = 100;
const SESSIONS_PER_SERVER = 20;
const CHAT_ID = '4242';
/** Rows waiting in each chat the claims take, from as many sessions. */
const ROWS_PER_CLAIM = 5;

/**
 * Opens a SQLite file as the product does (openDatabase: migrated, WAL), closes it, and opens
 * it again with the product's options and only the driver type swapped; each connection gets
 * the product's `synchronous = NORMAL` again, as it is a setting of the connection.
 */
async function openWith(driver: SqliteDriver, path: string): Promise<DataSource> {
  await (await openDatabase({ path })).destroy();
  const dataSource = new DataSource(withSqliteDriver(dataSourceOptions({ path }), driver));
  await dataSource.initialize();
  await dataSource.query('PRAGMA synchronous = NORMAL');
  return dataSource;
}

async function timed(count: number, op: (i: number) => Promise<unknown>): Promise<StoreOps> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const at = performance.now();
    await op(i);
    latencies.push(performance.now() - at);
  }
  const seconds = (performance.now() - started) / 1000;
  return { opsPerSecond: Math.round(count / seconds), latencyMs: summarize(latencies) };
}

function notification(i: number, eventId: string) {
  const server = i % SERVERS;
  const session = Math.floor(i / SERVERS) % SESSIONS_PER_SERVER;
  return {
    serverId: `srv${server}`,
    type: 'completed' as const,
    project: `project-${session % 7}`,
    claudeSessionId: `claude-${server}-${session}`,
    cwd: `/home/dev/projects/project-${session % 7}`,
    hostname: `host-${server}`,
    tmux: { session: 'work', window: String(session % 4), pane: `%${session}` },
    message: 'Done. Tests pass; 3 files changed.',
    event: 'Stop',
    sentAt: new Date(),
    eventId,
  };
}

/**
 * The hub's own SQLite work through the project's stores on a real file in `dir`, in this
 * process: 2,000 sessions made live, then `intakeOps` notifications to random ones (each a
 * session upsert, a notification row and an outbox row that supersedes the session's waiting
 * one), then `claims` chats with 5 due rows each claimed for sending and marked sent.
 */
export async function measureSqliteDriverStores(
  driver: SqliteDriver,
  dir: string,
  counts: { intakeOps: number; claims: number },
): Promise<SqliteDriverStores> {
  const dataSource = await openWith(driver, join(dir, `${driver}.sqlite`));
  try {
    const sessions = new SessionStore(dataSource, { ttlHours: 24 });
    const outbox = new OutboxStore(dataSource);
    const live = SERVERS * SESSIONS_PER_SERVER;
    for (let i = 0; i < live; i += 1) {
      await sessions.recordAndQueueNotification(notification(i, `seed-${i}`), {
        chatIds: [CHAT_ID],
      });
    }

    const intake = await timed(counts.intakeOps, (i) =>
      sessions.recordAndQueueNotification(
        notification(Math.floor(Math.random() * live), `intake-${i}`),
        {
          chatIds: [CHAT_ID],
        },
      ),
    );

    const chat = (c: number) => `claim-${c}`;
    for (let i = 0; i < counts.claims * ROWS_PER_CLAIM; i += 1) {
      await sessions.recordAndQueueNotification(notification(i % live, `claim-${i}`), {
        chatIds: [chat(Math.floor(i / ROWS_PER_CLAIM))],
      });
    }
    const claimed: number[][] = [];
    const claim = await timed(counts.claims, async (c) => {
      const decision = await outbox.takeDue(chat(c), 64, (items) => ({
        claim: items.map((item) => item.id),
      }));
      if ('closed' in decision || decision.claim.length !== ROWS_PER_CLAIM) {
        throw new Error(`chat ${chat(c)}: expected ${ROWS_PER_CLAIM} rows to claim`);
      }
      claimed.push(decision.claim);
    });
    for (const [c, ids] of claimed.entries()) await outbox.markSent(ids, c + 1);
    return { driver, intake, claim };
  } finally {
    await dataSource.destroy();
  }
}
