import { openDatabase } from '@ccr/session-data-access';
import { waitFor, type FakeBotApiCall } from '@ccr/testing';
import type { DataSource } from 'typeorm';
import {
  FakeTelegramBotApi,
  SECRET,
  makeHubData,
  removeHubData,
  startHub,
  type Hub,
  type HubData,
} from './support/hub-harness';

const TOKEN = '123456789:TEST-token_for_the_fake_api';
const SESSIONS = 40;
const PER_SESSION = 50;
const CONNECTIONS = 20;
/** A digest holds more than this many sessions (see formatDigest's spec). */
const DIGEST_CAPACITY = 13;

const newest = (session: number) => `session ${session} update ${PER_SESSION} (newest)`;

function post(hub: Hub, path: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
    body: JSON.stringify(body),
  });
}

/** "How many updates" each session's entry in a notification message or digest stands for. */
function updatesIn(html: string): Array<[string, number]> {
  if (html.startsWith('🗂')) {
    return [...html.matchAll(/^\S+ <code>([^<]+)<\/code> · .*?(?: · (\d+) updates)?$/gm)].map(
      (match) => [match[1]!, Number(match[2] ?? 1)],
    );
  }
  return html.split('──────────').flatMap((part): Array<[string, number]> => {
    const name = /<b>Session:<\/b> <code>([^<]+)<\/code>/.exec(part)?.[1];
    return name ? [[name, Number(/Latest of (\d+) updates/.exec(part)?.[1] ?? 1)]] : [];
  });
}

/**
 * The runaway server of the issue: 2,000 notifications from 40 sessions as fast as the hub takes
 * them, then a permission request, with Telegram's pace (one message a second per chat). The
 * time bounds are checked as what the outbox does, slot by slot, not as wall-clock times on a
 * shared machine; `npm run bench` measures those.
 */
describe('a flood of notifications', () => {
  let telegram: FakeTelegramBotApi;
  let data: HubData;
  let hub: Hub;
  let database: DataSource;

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: TOKEN });
    await telegram.start();
    data = await makeHubData('ccr-hub-flood-');
    hub = await startHub({ data, telegram, env: { TELEGRAM_CHAT_INTERVAL_MS: '1000' } });
    database = await openDatabase(data.database.location);
  }, 60_000);

  afterAll(async () => {
    await database?.destroy();
    await hub?.process.stop();
    await telegram.stop();
    await removeHubData(data);
  });

  it('stays one row per session, lets a request through next, and accounts for every update', async () => {
    const events = Array.from({ length: SESSIONS * PER_SESSION }, (_, i) => ({
      session: i % SESSIONS,
      update: Math.floor(i / SESSIONS) + 1,
    }));
    let next = 0;
    const names = new Map<number, string>();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let i = next++; i < events.length; i = next++) {
          const { session, update } = events[i]!;
          const response = await post(hub, '/notify', {
            serverId: `srv${session % 4}`,
            type: update % 7 === 0 ? 'waiting' : 'completed',
            project: `project-${session}`,
            claudeSessionId: `flood-${session}`,
            message:
              update === PER_SESSION ? newest(session) : `session ${session} update ${update}`,
          });
          expect(response.status).toBe(202);
          names.set(session, ((await response.json()) as { session: string }).session);
        }
      }),
    );
    const floodEnd = Date.now();

    // What still waits is one row per session at most: the flood left no queue behind.
    // Counts are numbers on SQLite and strings (bigint) on PostgreSQL.
    const open: Array<{ session_id: number; n: number | string }> = await database.query(
      `SELECT session_id, COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'held') GROUP BY session_id`,
    );
    expect(open.length).toBeLessThanOrEqual(SESSIONS);
    expect(open.filter((row) => Number(row.n) > 1)).toEqual([]);

    const asked = await post(hub, '/permissions', {
      serverId: 'kr4',
      project: 'release',
      requestId: 'flood-request-1',
      claudeSessionId: 'someone-waits',
      toolName: 'Bash',
      toolInput: { command: 'git push --tags' },
      timeoutSeconds: 300,
    });
    expect(asked.status).toBe(202);
    const askedAt = Date.now();

    const finals = [...names.values()];
    const delivered = await waitFor(
      () => {
        const texts = telegram
          .sentMessages()
          .map((m) => m.text)
          .join('\n');
        const done =
          texts.includes('git push --tags') &&
          Array.from({ length: SESSIONS }, (_, s) => newest(s)).every((marker) =>
            texts.includes(marker),
          );
        return done ? telegram.calls('sendMessage').filter((call) => !call.failed) : undefined;
      },
      { timeoutMs: 60_000, what: "the request and every session's newest state in Telegram" },
    );
    const afterAsked = delivered.filter((call) => call.at.getTime() >= askedAt);
    const requestAt = afterAsked.findIndex((call) =>
      String(call.params['text']).includes('git push --tags'),
    );
    // The message the sender had already taken when the request came may go first; then it.
    expect(requestAt).toBeGreaterThanOrEqual(0);
    expect(requestAt).toBeLessThanOrEqual(1);

    // Every session's newest state went within a few of the chat's one-a-second slots after the
    // flood: the one in flight, the request, and digests of the 40 sessions.
    const afterFlood = delivered.filter((call) => call.at.getTime() >= floodEnd);
    const textOf = (call: FakeBotApiCall) => String(call.params['text']);
    const lastNewest = Math.max(
      ...Array.from({ length: SESSIONS }, (_, s) =>
        afterFlood.findIndex((call) => textOf(call).includes(newest(s))),
      ),
    );
    expect(lastNewest).toBeGreaterThanOrEqual(0);
    expect(lastNewest + 1).toBeLessThanOrEqual(2 + Math.ceil(SESSIONS / DIGEST_CAPACITY));

    // Nothing is lost: every accepted notification is sent or counted in the one that was.
    await waitFor(
      async () => {
        const [row]: Array<{ n: number | string }> = await database.query(
          `SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending', 'held')`,
        );
        return Number(row?.n) === 0;
      },
      { timeoutMs: 30_000, what: 'an outbox with nothing waiting' },
    );
    const notifications = telegram
      .sentMessages()
      .map((m) => m.text)
      .filter((text) => !text.includes('git push --tags'));
    const counted = notifications.flatMap(updatesIn);
    expect(counted.reduce((sum, [, n]) => sum + n, 0)).toBe(SESSIONS * PER_SESSION);
    expect(new Set(counted.map(([name]) => name))).toEqual(new Set(finals));
    const rows: Array<{ status: string; n: number | string; stands_for: number | string }> =
      await database.query(
        `SELECT status, COUNT(*) AS n, SUM(1 + merged_count) AS stands_for FROM outbox WHERE kind = 'message' GROUP BY status ORDER BY status`,
      );
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, row]));
    expect(Object.keys(byStatus).sort()).toEqual(['sent', 'superseded']);
    expect(Number(byStatus['sent']!.n) + Number(byStatus['superseded']!.n)).toBe(
      SESSIONS * PER_SESSION,
    );
    expect(Number(byStatus['sent']!.stands_for)).toBe(SESSIONS * PER_SESSION);
  }, 180_000);
});
