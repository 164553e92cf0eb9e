import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type FakeUploadedFile, parseMultipart, readBody } from './request-body.util';
import { listenOnLoopback } from './loopback-port.util';
import { waitFor } from './wait-for.util';

/** How the fake answers one transcription request. */
export type FakeTranscriptionAnswer =
  /** `{ "text": … }`, after `delayMs` when given (a slow server). */
  | { kind: 'text'; text: string; delayMs?: number }
  /** An OpenAI-style error body with this status. */
  | { kind: 'error'; status: number; message?: string }
  /** No answer at all until the client gives up or the fake stops. */
  | { kind: 'hang' };

/** One request the fake received. */
export interface FakeTranscriptionRequest {
  readonly index: number;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The multipart text fields (`model`, `language`, `response_format`…). */
  readonly fields: Readonly<Record<string, string>>;
  readonly file: FakeUploadedFile | undefined;
  readonly at: Date;
  /** What it was answered; absent for a request refused before the rules (404, 400, 401). */
  readonly answer?: FakeTranscriptionAnswer;
}

export interface FakeTranscriptionApiOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>`; others get 401. */
  apiKey?: string;
}

interface Rule {
  answer: FakeTranscriptionAnswer;
  timesLeft: number;
}

const TRANSCRIPTIONS_PATH = '/v1/audio/transcriptions';
const MAX_BODY_BYTES = 30 * 1024 * 1024;

/**
 * An OpenAI-compatible speech-to-text server on loopback, as the self-hosted ones speak it:
 * `POST /v1/audio/transcriptions` with a multipart `file` and `model`, answered with JSON
 * `{ "text": … }` (or the bare text for `response_format=text`). Unless a rule says otherwise it
 * hears what the file holds: its bytes read as UTF-8, so that a test sends the words it wants
 * heard as the voice message's content. Rules (`answer`) script errors, slow answers and
 * answers that never come.
 */
export class FakeTranscriptionApi {
  private server: Server | null = null;
  private port = 0;
  private readonly received: FakeTranscriptionRequest[] = [];
  private readonly rules: Rule[] = [];
  private readonly hanging = new Set<ServerResponse>();

  constructor(private readonly options: FakeTranscriptionApiOptions = {}) {}

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) this.error(res, 500, (error as Error).message);
      });
    });
    this.port = await listenOnLoopback(server);
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** `http://127.0.0.1:PORT/v1/audio/transcriptions`: what STT_URL should be. */
  get url(): string {
    if (!this.port) throw new Error('FakeTranscriptionApi: start() it first');
    return `http://127.0.0.1:${this.port}${TRANSCRIPTIONS_PATH}`;
  }

  /** The next `times` requests (every one, by default) are answered this way; rules are tried in the order added. */
  answer(answer: FakeTranscriptionAnswer, options: { times?: number } = {}): void {
    this.rules.push({ answer, timesLeft: options.times ?? Number.POSITIVE_INFINITY });
  }

  /** Forgets the rules and the requests seen. */
  reset(): void {
    this.rules.length = 0;
    this.received.length = 0;
  }

  requests(): FakeTranscriptionRequest[] {
    return [...this.received];
  }

  /** The first request after the first `since`, once it arrives. */
  waitForRequest(since = 0, timeoutMs = 10_000): Promise<FakeTranscriptionRequest> {
    return waitFor(() => this.received[since], {
      timeoutMs,
      what: `transcription request #${since + 1}`,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const body = await readBody(req, MAX_BODY_BYTES).catch(() => null);
    const contentType = req.headers['content-type'] ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    let parsed: Record<string, unknown> = {};
    if (body && boundary && /^multipart\/form-data/i.test(contentType)) {
      try {
        parsed = parseMultipart(body, boundary[1] ?? boundary[2] ?? '');
      } catch {
        parsed = {};
      }
    }
    const fields: Record<string, string> = {};
    let file: FakeUploadedFile | undefined;
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'file') file = value as FakeUploadedFile;
    }
    const request: FakeTranscriptionRequest & { answer?: FakeTranscriptionAnswer } = {
      index: this.received.length + 1,
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      fields,
      file,
      at: new Date(),
    };
    this.received.push(request);

    if (req.method !== 'POST' || path !== TRANSCRIPTIONS_PATH) {
      this.error(res, 404, `Unknown request URL: ${req.method ?? ''} ${path}`);
      return;
    }
    if (this.options.apiKey && req.headers.authorization !== `Bearer ${this.options.apiKey}`) {
      this.error(res, 401, 'Incorrect API key provided');
      return;
    }
    if (!file || file.size === 0) {
      this.error(res, 400, "Missing required parameter: 'file'");
      return;
    }
    if (!fields['model']) {
      this.error(res, 400, "Missing required parameter: 'model'");
      return;
    }
    const answer = this.takeRule() ?? {
      kind: 'text' as const,
      text: file.content.toString('utf8').trim(),
    };
    request.answer = answer;
    switch (answer.kind) {
      case 'error':
        this.error(res, answer.status, answer.message ?? 'The server had an error');
        return;
      case 'hang':
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'text':
        if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        if (res.destroyed) return;
        if (fields['response_format'] === 'text') {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(answer.text);
          return;
        }
        this.json(res, 200, { text: answer.text });
    }
  }

  private takeRule(): FakeTranscriptionAnswer | undefined {
    const rule = this.rules.find((candidate) => candidate.timesLeft > 0);
    if (!rule) return undefined;
    rule.timesLeft -= 1;
    return rule.answer;
  }

  private error(res: ServerResponse, status: number, message: string): void {
    this.json(res, status, { error: { message, type: 'invalid_request_error', code: null } });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}
