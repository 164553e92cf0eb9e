import { signedHeaders } from '@ccr/protocol';
import autocannon from 'autocannon';
import { SECRET, type RunningHub } from './apps.util';
import { memoryOf } from './proc.util';
import { summarize } from './stats.util';

export interface NotifyThroughput {
  servers: number;
  liveSessions: number;
  /** Over all hubs: each hub-api replica takes its share of them. */
  connections: number;
  replicas: number;
  durationSeconds: number;
  /** All replicas together. */
  requestsPerSecond: number;
  /** Every response of every replica. */
  latencyMs: { p50: number; p99: number; max: number };
  /** Notifications POSTed during the load, and those answered 202 (the seeding not counted). */
  requestsSent: number;
  accepted: number;
  /** The notifications that made the sessions live before the load. */
  seeded: number;
  non2xx: number;
  errors: number;
  /** One per replica, in the order given. */
  hubMemoryMiB: Array<{ idle: number; afterLoad: number; peak: number }>;
}

function payload(server: number, session: number, event: number): string {
  return JSON.stringify({
    serverId: `srv${server}`,
    type: 'completed',
    project: `project-${session % 7}`,
    claudeSessionId: `claude-${server}-${session}`,
    cwd: `/home/dev/projects/project-${session % 7}`,
    hostname: `host-${server}`,
    tmux: { session: 'work', window: String(session % 4), pane: `%${session}` },
    message: 'Done. Tests pass; 3 files changed.',
    event: 'Stop',
    sentAt: new Date().toISOString(),
    eventId: `bench-${server}-${session}-${event}`,
  });
}

async function post(hub: RunningHub, body: string): Promise<void> {
  const response = await fetch(`${hub.url}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) },
    body,
  });
  if (response.status !== 202) throw new Error(`seeding: POST /notify answered ${response.status}`);
}

/**
 * 100 servers × 20 sessions are made live first; then signed notifications to random ones,
 * each with an event id of its own. With several hubs (replicas on one database) the
 * connections are split between them, one autocannon per hub, all at once; the figures are
 * of all of them together.
 */
export async function measureNotifyThroughput(
  hubs: RunningHub[],
  options: {
    servers: number;
    sessionsPerServer: number;
    connections: number;
    durationSeconds: number;
  },
): Promise<NotifyThroughput> {
  const { servers, sessionsPerServer } = options;
  const pairs: Array<[number, number]> = [];
  for (let s = 0; s < servers; s += 1)
    for (let n = 0; n < sessionsPerServer; n += 1) pairs.push([s, n]);
  for (let i = 0; i < pairs.length; i += 20) {
    await Promise.all(
      pairs
        .slice(i, i + 20)
        .map(([s, n], j) => post(hubs[(i + j) % hubs.length], payload(s, n, 0))),
    );
  }
  const idle = hubs.map((hub) => memoryOf(hub.app.pid).rssMiB);

  let event = 1;
  const latencies: number[] = [];
  const results = await Promise.all(
    hubs.map((hub, h) =>
      autocannon({
        url: hub.url,
        connections: share(options.connections, hubs.length, h),
        duration: options.durationSeconds,
        // Each response's time, so that the replicas' figures are of all responses together.
        setupClient: (client) =>
          client.on('response', (_status: number, _bytes: number, ms: number) =>
            latencies.push(ms),
          ),
        requests: [
          {
            method: 'POST',
            path: '/notify',
            setupRequest: (request) => {
              const [s, n] = pairs[Math.floor(Math.random() * pairs.length)];
              const body = payload(s, n, (event += 1));
              return {
                ...request,
                body,
                headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body) },
              };
            },
          },
        ],
      }),
    ),
  );
  const latency = summarize(latencies);
  const sum = (of: (result: autocannon.Result) => number) =>
    results.reduce((total, result) => total + of(result), 0);
  return {
    servers,
    liveSessions: pairs.length,
    connections: options.connections,
    replicas: hubs.length,
    durationSeconds: options.durationSeconds,
    requestsPerSecond: Math.round(sum((result) => result.requests.average)),
    latencyMs: { p50: latency.p50, p99: latency.p99, max: latency.max },
    requestsSent: sum((result) => result.requests.sent),
    accepted: sum((result) => result['2xx']),
    seeded: pairs.length,
    non2xx: sum((result) => result.non2xx),
    errors: sum((result) => result.errors + result.timeouts),
    hubMemoryMiB: hubs.map((hub, h) => {
      const memory = memoryOf(hub.app.pid);
      return { idle: idle[h], afterLoad: memory.rssMiB, peak: memory.peakMiB };
    }),
  };
}

/** Hub `index`'s part of `total` connections split between `parts` hubs. */
function share(total: number, parts: number, index: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}
