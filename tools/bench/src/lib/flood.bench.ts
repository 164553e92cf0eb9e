import { signedHeaders } from '@ccr/protocol';
import { dataSourceOptions } from '@ccr/session-data-access';
import type { FakeTelegramBotApi } from '@ccr/testing';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SECRET, type RunningHub } from './apps.util';
import { sleep } from './proc.util';

export interface FloodResult {
  sessions: number;
  notifications: number;
  connections: number;
  /** The flood itself: first POST sent → last 202 received. */
  floodMs: number;
  acceptedPerSecond: number;
  /** Rows still waiting (pending or held) when the flood ended: in all, and the most of one session. */
  waitingAtEnd: { rows: number; mostForOneSession: number };
  /** POST /permissions answered 202 → its sendMessage received by the Bot API. */
  requestMs: number;
  /** Flood ended → the last session's newest state received by the Bot API. */
  newestStatesMs: number;
  /** Messages the Bot API received for the flood (after all of it went out) and before its end. */
  messages: { total: number; duringFlood: number };
  /** The updates the messages say they stand for, summed, against what the hub accepted. */
  countedUpdates: number;
  /** Rows waiting 30 s after the flood ended. */
  waitingAfter30s: number;
}

const newest = (session: number, updates: number) =>
  `session ${session} update ${updates} (newest)`;

/** "How many updates" each session's entry in a notification message or digest stands for. */
function updatesIn(html: string): number[] {
  if (html.startsWith('🗂')) {
    return [...html.matchAll(/^\S+ <code>[^<]+<\/code> · .*?(?: · (\d+) updates)?$/gm)].map((m) =>
      Number(m[1] ?? 1),
    );
  }
  return html
    .split('──────────')
    .filter((part) => part.includes('<b>Session:</b>'))
    .map((part) => Number(/Latest of (\d+) updates/.exec(part)?.[1] ?? 1));
}

async function waiting(database: DataSource): Promise<Array<{ session_id: number; n: number }>> {
  return database.query(
    `SELECT session_id, COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'held') GROUP BY session_id`,
  );
}

async function post(hub: RunningHub, path: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * The runaway server: `sessions` × `perSession` signed notifications as fast as the hub
 * takes them over `connections` connections, then a permission request; Telegram's pace is the
 * hub's default (one message a second per chat). On a hub of its own, with a fresh database.
 */
export async function measureFlood(
  hub: RunningHub,
  telegram: FakeTelegramBotApi,
  dataDir: string,
  options: { sessions: number; perSession: number; connections: number },
): Promise<FloodResult> {
  const { sessions, perSession, connections } = options;
  const database = new DataSource(dataSourceOptions({ path: join(dataDir, 'sessions.db') }));
  await database.initialize();
  try {
    const total = sessions * perSession;
    let next = 0;
    const start = Date.now();
    await Promise.all(
      Array.from({ length: connections }, async () => {
        for (let i = next++; i < total; i = next++) {
          const session = i % sessions;
          const update = Math.floor(i / sessions) + 1;
          const status = await post(hub, '/notify', {
            serverId: `srv${session % 10}`,
            type: 'completed',
            project: `project-${session}`,
            claudeSessionId: `flood-${session}`,
            message:
              update === perSession
                ? newest(session, update)
                : `session ${session} update ${update}`,
            eventId: `flood-${session}-${update}`,
          });
          if (status !== 202) throw new Error(`flood: POST /notify answered ${status}`);
        }
      }),
    );
    const floodEnd = Date.now();
    const duringFlood = telegram.sentMessages().length;
    const open = await waiting(database);

    const requestStatus = await post(hub, '/permissions', {
      serverId: 'srv0',
      project: 'release',
      requestId: `flood-request-${floodEnd}`,
      claudeSessionId: 'someone-waits',
      toolName: 'Bash',
      toolInput: { command: 'git push --tags' },
      timeoutSeconds: 300,
    });
    if (requestStatus !== 202)
      throw new Error(`flood: POST /permissions answered ${requestStatus}`);
    const askedAt = Date.now();

    const markers = Array.from({ length: sessions }, (_, s) => newest(s, perSession));
    let requestAt: number | undefined;
    let newestAt: number | undefined;
    for (
      let waited = 0;
      waited < 60_000 && (requestAt === undefined || newestAt === undefined);
      waited += 5
    ) {
      const calls = telegram.calls('sendMessage').filter((call) => !call.failed);
      requestAt ??= calls
        .find((c) => String(c.params['text']).includes('git push --tags'))
        ?.at.getTime();
      const seen = markers.map((marker) =>
        calls.find((c) => String(c.params['text']).includes(marker))?.at.getTime(),
      );
      if (seen.every((at) => at !== undefined)) newestAt = Math.max(...(seen as number[]));
      await sleep(5);
    }
    if (requestAt === undefined || newestAt === undefined) {
      throw new Error('flood: the request or a newest state did not reach the Bot API within 60 s');
    }

    await sleep(Math.max(0, floodEnd + 30_000 - Date.now()));
    const after = await waiting(database);
    const texts = telegram
      .sentMessages()
      .map((m) => m.text)
      .filter((text) => !text.includes('git push --tags'));
    return {
      sessions,
      notifications: total,
      connections,
      floodMs: floodEnd - start,
      acceptedPerSecond: Math.round((total / (floodEnd - start)) * 1000),
      waitingAtEnd: {
        rows: open.reduce((sum, row) => sum + Number(row.n), 0),
        mostForOneSession: Math.max(0, ...open.map((row) => Number(row.n))),
      },
      requestMs: requestAt - askedAt,
      newestStatesMs: newestAt - floodEnd,
      messages: { total: texts.length, duringFlood },
      countedUpdates: texts.flatMap(updatesIn).reduce((sum, n) => sum + n, 0),
      waitingAfter30s: after.reduce((sum, row) => sum + Number(row.n), 0),
    };
  } finally {
    await database.destroy();
  }
}
