import {
  HUB_PATHS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
  type NotifyAccepted,
  type NotifyPayload,
  type PingAccepted,
} from '@ccr/protocol';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in answers `/notify`. */
export type HubMode = 'accept' | 'unavailable' | 'reject';

export interface RecordedRequest {
  method: string;
  path: string;
  signatureOk: boolean;
  body: string;
}

export interface StandInHub {
  port: number;
  origin: string;
  notifyUrl: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Bodies of the `/notify` requests answered 202, in arrival order (duplicates too). */
  accepted: NotifyPayload[];
  mode: HubMode;
  close(): Promise<void>;
}

export interface StandInHubOptions {
  secret: string;
  /** Reuse a port, to bring a stopped hub back. */
  port?: number;
  knownServers?: readonly string[];
}

/**
 * A small HTTP server on 127.0.0.1 that answers like hub-api: checks the HMAC signature with
 * the protocol's own verifySignature, records what it got, and can be told to fail.
 */
export async function startStandInHub(options: StandInHubOptions): Promise<StandInHub> {
  const storedEventIds = new Set<string>();
  const hub: StandInHub = {
    port: 0,
    origin: '',
    notifyUrl: '',
    requests: [],
    accepted: [],
    mode: 'accept',
    close: () => closeServer(server),
  };

  const server: Server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const signatureOk =
          verifySignature(
            options.secret,
            header(request, TIMESTAMP_HEADER),
            header(request, SIGNATURE_HEADER),
            body,
          ).ok === true;
        const path = request.url ?? '';
        hub.requests.push({ method: request.method ?? '', path, signatureOk, body });
        answer(
          hub,
          options,
          storedEventIds,
          { method: request.method, path, signatureOk, body },
          response,
        );
      },
      () => response.destroy(),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  hub.port = (server.address() as AddressInfo).port;
  hub.origin = `http://127.0.0.1:${hub.port}`;
  hub.notifyUrl = `${hub.origin}${HUB_PATHS.notify}`;
  return hub;
}

function answer(
  hub: StandInHub,
  options: StandInHubOptions,
  storedEventIds: Set<string>,
  request: { method?: string; path: string; signatureOk: boolean; body: string },
  response: ServerResponse,
): void {
  if (request.method === 'GET' && request.path === HUB_PATHS.health) {
    return send(response, 200, { status: 'ok' });
  }
  if (
    request.method !== 'POST' ||
    (request.path !== HUB_PATHS.notify && request.path !== HUB_PATHS.ping)
  ) {
    return send(response, 404, { statusCode: 404, error: 'Not Found', message: 'no such route' });
  }
  if (!request.signatureOk) {
    return send(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' });
  }
  const payload = JSON.parse(request.body) as NotifyPayload;
  if (request.path === HUB_PATHS.ping) {
    const ping: PingAccepted = {
      ok: true,
      serverId: payload.serverId,
      knownServer: options.knownServers?.includes(payload.serverId) ?? true,
    };
    return send(response, 200, ping);
  }
  if (hub.mode === 'unavailable') {
    return send(response, 503, { statusCode: 503, error: 'Service Unavailable', message: 'busy' });
  }
  if (hub.mode === 'reject') {
    return send(response, 400, {
      statusCode: 400,
      error: 'Bad Request',
      message: 'type must be one of completed, waiting, permission, failed',
      field: 'type',
    });
  }
  hub.accepted.push(payload);
  const stored = payload.eventId === undefined || !storedEventIds.has(payload.eventId);
  if (payload.eventId) storedEventIds.add(payload.eventId);
  const accepted: NotifyAccepted = { session: `${payload.serverId}:1`, token: 'AB12CD34', stored };
  return send(response, 202, accepted);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** A port on 127.0.0.1 that nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await closeServer(server);
  return port;
}
