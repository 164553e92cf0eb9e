import { signedHeaders } from '@ccr/protocol';
import autocannon from 'autocannon';
import { SECRET, type RunningHub } from './apps.util';
import { memoryOf } from './proc.util';

export interface NotifyThroughput {
  servers: number;
  liveSessions: number;
  connections: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  hubMemoryMiB: { idle: number; afterLoad: number; peak: number };
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

/** 100 servers × 20 sessions are made live first; then signed notifications to random ones. */
export async function measureNotifyThroughput(
  hub: RunningHub,
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
    await Promise.all(pairs.slice(i, i + 20).map(([s, n]) => post(hub, payload(s, n, 0))));
  }
  const idle = memoryOf(hub.app.pid).rssMiB;

  let event = 1;
  const result = await autocannon({
    url: hub.url,
    connections: options.connections,
    duration: options.durationSeconds,
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
  });
  const memory = memoryOf(hub.app.pid);
  return {
    servers,
    liveSessions: pairs.length,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    hubMemoryMiB: { idle, afterLoad: memory.rssMiB, peak: memory.peakMiB },
  };
}
