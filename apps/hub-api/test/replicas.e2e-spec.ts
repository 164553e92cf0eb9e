import { signedHeaders } from '@ccr/protocol';
import { waitFor, withPostgres, type FakeBotApiCall } from '@ccr/testing';
import {
  CHAT_ID,
  FakeTelegramBotApi,
  SECRET,
  makeHubData,
  makeTempDir,
  removeDir,
  startHub,
  type Hub,
  type HubData,
} from './support/hub-harness';

const TOKEN = '123456789:TEST-token_for_the_fake_api';
const SERVERS = 4;
const SESSIONS_PER_SERVER = 4;
const UPDATES = 15;
const CONNECTIONS = 12;
const INTERVAL_MS = 200;

const newest = (server: number, session: number) =>
  `srv${server} session ${session} update ${UPDATES} (newest)`;

/**
 * Two hub-api processes behind a load balancer, on one PostgreSQL database, under a flood from
 * several servers whose retries land on the other process: every notification is stored and
 * delivered once, no outbox row goes to Telegram twice, the chat's pace holds across both, and
 * a signed request replayed to the other process is refused.
 */
describe('two hub-api replicas on one PostgreSQL database', () => {
  let telegram: FakeTelegramBotApi;
  /** The replicas' folders, and the one database they share. */
  const data: HubData[] = [];
  let databaseUrl = '';
  const hubs: Hub[] = [];

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: TOKEN });
    await telegram.start();
    const first = await makeHubData('ccr-replica-0-', 'postgres');
    data.push(first, { dir: await makeTempDir('ccr-replica-1-'), database: first.database });
    if (!('url' in first.database.location)) throw new Error('replicas: not on PostgreSQL');
    databaseUrl = first.database.location.url;
    for (const replica of data) {
      hubs.push(
        await startHub({
          data: replica,
          telegram,
          env: { TELEGRAM_CHAT_INTERVAL_MS: String(INTERVAL_MS) },
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const hub of hubs) await hub.process.stop();
    await telegram.stop();
    await data[0]?.database.drop();
    for (const replica of data) await removeDir(replica.dir);
  });

  const sql = <T>(text: string): Promise<T[]> =>
    withPostgres(databaseUrl, async (client) => (await client.query(text)).rows as T[]);

  it('stores and sends every notification once, whichever replica takes it and its retry', async () => {
    const events: Array<{ server: number; session: number; update: number }> = [];
    for (let update = 1; update <= UPDATES; update++) {
      for (let server = 0; server < SERVERS; server++) {
        for (let session = 0; session < SESSIONS_PER_SERVER; session++) {
          events.push({ server, session, update });
        }
      }
    }
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let i = next++; i < events.length; i = next++) {
          const { server, session, update } = events[i]!;
          const body = JSON.stringify({
            serverId: `srv${server}`,
            type: 'completed',
            project: `project-${session}`,
            claudeSessionId: `replica-${server}-${session}`,
            eventId: `ev-${server}-${session}-${update}`,
            message:
              update === UPDATES
                ? newest(server, session)
                : `srv${server} session ${session} update ${update}`,
          });
          // Signed to one replica; the hook's retry of the same event reaches the other.
          const [first, second] = i % 2 === 0 ? hubs : [...hubs].reverse();
          const signed = await fetch(`${first!.url}/notify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) },
            body,
          });
          expect(signed.status).toBe(202);
          const retried = await fetch(`${second!.url}/notify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
            body,
          });
          expect(retried.status).toBe(202);
          const [a, b] = [await signed.json(), await retried.json()] as Array<{ session: string }>;
          expect(b!.session).toBe(a!.session);
        }
      }),
    );

    // Each event once, each Claude session one session.
    expect(
      await sql<{ n: number }>('SELECT CAST(count(*) AS integer) AS n FROM notifications'),
    ).toEqual([{ n: events.length }]);
    expect(await sql<{ n: number }>('SELECT CAST(count(*) AS integer) AS n FROM sessions')).toEqual(
      [{ n: SERVERS * SESSIONS_PER_SERVER }],
    );

    await waitFor(
      async () => {
        const [row] = await sql<{ n: number }>(
          `SELECT CAST(count(*) AS integer) AS n FROM outbox WHERE status IN ('pending', 'sending', 'held')`,
        );
        const texts = telegram
          .sentMessages()
          .map((m) => m.text)
          .join('\n');
        const all = Array.from({ length: SERVERS }, (_, server) =>
          Array.from({ length: SESSIONS_PER_SERVER }, (__, s) => newest(server, s)),
        ).flat();
        return row!.n === 0 && all.every((marker) => texts.includes(marker));
      },
      { timeoutMs: 90_000, what: "every session's newest state in Telegram, nothing waiting" },
    );

    // No row went twice: each message Telegram got is the one its rows recorded (a row sent by
    // both replicas would leave a message no row records), and each session's newest state is
    // in exactly one message.
    const sent = telegram.calls('sendMessage').filter((call) => !call.failed);
    const rows = await sql<{ status: string; n: number; stands_for: number; messages: number }>(
      `SELECT status, CAST(count(*) AS integer) AS n, CAST(SUM(1 + merged_count) AS integer) AS stands_for,
              CAST(count(DISTINCT telegram_message_id) AS integer) AS messages
       FROM outbox GROUP BY status ORDER BY status`,
    );
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, row]));
    expect(Object.keys(byStatus).sort()).toEqual(['sent', 'superseded']);
    expect(byStatus['sent']!.messages).toBe(sent.length);
    for (let server = 0; server < SERVERS; server++) {
      for (let session = 0; session < SESSIONS_PER_SERVER; session++) {
        const marker = newest(server, session);
        expect(sent.filter((call) => String(call.params['text']).includes(marker))).toHaveLength(1);
      }
    }
    // Latest state wins across both replicas, and every notification is counted exactly once.
    expect(byStatus['sent']!.stands_for).toBe(events.length);
    expect(byStatus['sent']!.n + byStatus['superseded']!.n).toBe(events.length);

    // One chat, two senders: never two messages closer than its interval.
    const times = sent.map((call: FakeBotApiCall) => call.at.getTime()).sort((x, y) => x - y);
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(INTERVAL_MS);
    expect(sent.every((call) => String(call.params['chat_id']) === CHAT_ID)).toBe(true);
  }, 240_000);

  it('refuses a signed request replayed to the other replica', async () => {
    const body = JSON.stringify({ serverId: 'kr4', type: 'completed', project: 'replayed' });
    const headers = { 'content-type': 'application/json', ...signedHeaders(SECRET, body) };
    const first = await fetch(`${hubs[0]!.url}/notify`, { method: 'POST', headers, body });
    expect(first.status).toBe(202);
    const replayed = await fetch(`${hubs[1]!.url}/notify`, { method: 'POST', headers, body });
    expect(replayed.status).toBe(401);
    const again = await fetch(`${hubs[0]!.url}/notify`, { method: 'POST', headers, body });
    expect(again.status).toBe(401);
    expect(
      await sql<{ n: number }>(
        `SELECT CAST(count(*) AS integer) AS n FROM sessions WHERE project = 'replayed'`,
      ),
    ).toEqual([{ n: 1 }]);
  });
});
