import {
  HUB_PATHS,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  verifySignature,
  type NotifyAccepted,
  type NotifyPayload,
  type PermissionAnsweredPayload,
  type PermissionRequestAccepted,
  type PermissionRequestPayload,
  type PermissionStatus,
  type PermissionWaitAnswer,
  type PermissionWaitPayload,
  type PingAccepted,
} from '@ccr/protocol';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `/notify` body: a notification, or a session event (no type, no message). */
export type AcceptedEvent = Omit<NotifyPayload, 'type'> & { type?: NotifyPayload['type'] };

/** How the stand-in answers `/notify` and `/permissions`. */
export type HubMode = 'accept' | 'unavailable' | 'reject';

/** How the stand-in answers one poll of `/permissions/wait`. */
export type WaitStep =
  /**
   * 200 with this status (and a question's answers, a plan's feedback), after `afterMs` (the
   * poll held open meanwhile).
   */
  | {
      status: PermissionStatus;
      decidedBy?: string;
      afterMs?: number;
      answers?: PermissionWaitAnswer['answers'];
      feedback?: string;
    }
  /** An error answer such as 500. */
  | { httpStatus: number }
  /** Holds the poll for its waitSeconds, then answers "pending", as hub-api does. */
  | { hold: true }
  /** Closes the connection without answering. */
  | { drop: true }
  /** Never answers: the poll must time out. */
  | { silent: true };

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
  /**
   * Bodies of the `/notify` requests answered 202, in arrival order (duplicates too): a
   * session event has no type.
   */
  accepted: AcceptedEvent[];
  mode: HubMode;
  /** Bodies of the `/permissions` requests answered 202, in arrival order. */
  permissionRequests: PermissionRequestPayload[];
  /** Bodies of the signed `/permissions/wait` polls, in arrival order. */
  waitPolls: PermissionWaitPayload[];
  /** Bodies of the signed `/permissions/answered-on-server` calls, in arrival order. */
  answeredReports: PermissionAnsweredPayload[];
  /** One step per poll, in order; the last one repeats. Default: hold, then "pending". */
  waitSteps: WaitStep[];
  /** Resolves once a request for `path` has arrived (at once if one did already). */
  requestArrived(path: string): Promise<void>;
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
  const timers = new Set<NodeJS.Timeout>();
  const arrivals: { path: string; resolve: () => void }[] = [];
  const hub: StandInHub = {
    port: 0,
    origin: '',
    notifyUrl: '',
    requests: [],
    accepted: [],
    mode: 'accept',
    permissionRequests: [],
    waitPolls: [],
    answeredReports: [],
    waitSteps: [{ hold: true }],
    requestArrived: (path) =>
      hub.requests.some((r) => r.path === path)
        ? Promise.resolve()
        : new Promise((resolve) => arrivals.push({ path, resolve })),
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      return closeServer(server);
    },
  };
  const later = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
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
        for (const waiting of arrivals.filter((a) => a.path === path)) {
          arrivals.splice(arrivals.indexOf(waiting), 1);
          waiting.resolve();
        }
        const recorded = { method: request.method, path, signatureOk, body };
        if (request.method === 'POST' && path.startsWith(HUB_PATHS.permissions)) {
          answerPermission(hub, recorded, response, later);
          return;
        }
        answer(hub, options, storedEventIds, recorded, response);
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
  const payload = JSON.parse(request.body) as AcceptedEvent;
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

interface ReceivedRequest {
  method?: string;
  path: string;
  signatureOk: boolean;
  body: string;
}

/** `POST /permissions` (202 and recorded) and `POST /permissions/wait` (the scripted steps). */
function answerPermission(
  hub: StandInHub,
  request: ReceivedRequest,
  response: ServerResponse,
  later: (ms: number, action: () => void) => void,
): void {
  const routes: readonly string[] = [
    HUB_PATHS.permissions,
    HUB_PATHS.permissionWait,
    HUB_PATHS.permissionAnswered,
  ];
  if (!routes.includes(request.path)) {
    return send(response, 404, { statusCode: 404, error: 'Not Found', message: 'no such route' });
  }
  if (!request.signatureOk) {
    return send(response, 401, { statusCode: 401, error: 'Unauthorized', message: 'Unauthorized' });
  }
  if (request.path === HUB_PATHS.permissionAnswered) {
    const report = JSON.parse(request.body) as PermissionAnsweredPayload;
    hub.answeredReports.push(report);
    const answered: PermissionWaitAnswer = {
      requestId: report.requestId,
      status: 'answered-on-server',
    };
    return send(response, 200, answered);
  }
  if (request.path === HUB_PATHS.permissions) {
    if (hub.mode === 'unavailable') {
      return send(response, 503, {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'busy',
      });
    }
    if (hub.mode === 'reject') {
      return send(response, 400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'toolName must be a string',
        field: 'toolName',
      });
    }
    const payload = JSON.parse(request.body) as PermissionRequestPayload;
    hub.permissionRequests.push(payload);
    const accepted: PermissionRequestAccepted = {
      requestId: payload.requestId,
      session: `${payload.serverId}:1`,
      token: 'AB12CD34',
      expiresAt: new Date(Date.now() + payload.timeoutSeconds * 1000).toISOString(),
    };
    return send(response, 202, accepted);
  }

  const poll = JSON.parse(request.body) as PermissionWaitPayload;
  if (!hub.permissionRequests.some((r) => r.requestId === poll.requestId)) {
    return send(response, 404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'no such permission request',
    });
  }
  const step = hub.waitSteps[Math.min(hub.waitPolls.length, hub.waitSteps.length - 1)] ?? {
    hold: true,
  };
  hub.waitPolls.push(poll);
  const waitAnswer = (
    status: PermissionStatus,
    decidedBy?: string,
    more: Pick<PermissionWaitAnswer, 'answers' | 'feedback'> = {},
  ): PermissionWaitAnswer => ({
    requestId: poll.requestId,
    status,
    ...(decidedBy === undefined ? {} : { decidedBy, decidedAt: new Date().toISOString() }),
    ...more,
  });
  if ('httpStatus' in step) {
    return send(response, step.httpStatus, {
      statusCode: step.httpStatus,
      error: 'Scripted',
      message: `scripted ${step.httpStatus}`,
    });
  }
  if ('drop' in step) {
    response.socket?.destroy();
    return;
  }
  if ('silent' in step) return;
  if ('hold' in step) {
    later(poll.waitSeconds * 1000, () => sendIfOpen(response, 200, waitAnswer('pending')));
    return;
  }
  const more = {
    ...(step.answers ? { answers: step.answers } : {}),
    ...(step.feedback === undefined ? {} : { feedback: step.feedback }),
  };
  later(step.afterMs ?? 0, () =>
    sendIfOpen(response, 200, waitAnswer(step.status, step.decidedBy, more)),
  );
}

/** A held poll's client may have given up (or been killed) meanwhile. */
function sendIfOpen(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed || !response.socket || response.socket.destroyed) return;
  send(response, status, body);
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
