import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type {
  AnthropicMessagesBody,
  AnthropicToolResultBlock,
  FakeModelAnswer,
} from './anthropic-messages.types';
import { promptOf, toolResultsOf, toolResultText, userWordsOf } from './anthropic-request.util';
import {
  answerEvents,
  answerMessage,
  blockStopEvent,
  errorBody,
  messageEndEvents,
  messageStartEvent,
  sseFrame,
  textBlockStartEvent,
  textDeltaEvent,
} from './anthropic-sse.util';
import { listenOnLoopback } from './loopback-port.util';
import { readBody } from './request-body.util';
import { waitFor } from './wait-for.util';

/** Which of the API's endpoints a request was for. */
export type FakeModelEndpoint = 'messages' | 'count_tokens' | 'other';

/** Where the answer to a request stands. */
export type FakeModelRequestState = 'answering' | 'done' | 'closed-early';

/** One request the fake model server received. */
export interface FakeModelRequest {
  /** 1 for the first request the server received, counting every endpoint. */
  readonly index: number;
  readonly endpoint: FakeModelEndpoint;
  readonly method: string;
  /** The path without the query: `/v1/messages`. */
  readonly path: string;
  /** The query string without `?`: Claude Code sends `beta=true`. */
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  /** The JSON body; `{}` when there was none or it did not parse. */
  readonly body: AnthropicMessagesBody;
  readonly at: Date;
  /** Text blocks of the newest user message, system reminders left out (see userWordsOf). */
  readonly words: string[];
  /** What the person submitted, as typed or pasted (see promptOf); '' for a tool's result. */
  readonly prompt: string;
  /** Tool results the newest user message carries (after a tool call). */
  readonly toolResults: AnthropicToolResultBlock[];
  /** What the fake answered (messages only). */
  readonly answer?: FakeModelAnswer;
  /** The id of the tool call the fake answered with (`tool_use` answers only). */
  readonly toolUseId?: string;
  /** `closed-early`: the client closed the request before the answer ended (Escape). */
  readonly state: FakeModelRequestState;
  /** When the answer ended: its last byte written, or the client gone. */
  readonly endedAt?: Date;
}

/** Which requests a rule answers: the prompt itself, a pattern it matches, or a test. */
export type FakeModelMatch = string | RegExp | ((request: FakeModelRequest) => boolean);

export interface FakeModelRule {
  /** The requests this rule answered so far. */
  readonly answered: readonly FakeModelRequest[];
  /** Stops the rule from answering. */
  remove(): void;
}

interface Rule extends FakeModelRule {
  match: FakeModelMatch;
  answer: FakeModelAnswer | ((request: FakeModelRequest) => FakeModelAnswer);
  timesLeft: number;
  answered: FakeModelRequest[];
}

interface MutableRequest extends FakeModelRequest {
  answer?: FakeModelAnswer;
  toolUseId?: string;
  state: FakeModelRequestState;
  endedAt?: Date;
}

function end(request: MutableRequest, state: Exclude<FakeModelRequestState, 'answering'>): void {
  if (request.state !== 'answering') return;
  request.state = state;
  request.endedAt = new Date();
}

export interface WaitForModelRequestOptions {
  /** Only requests after this many (`api.requests().length` before the action). */
  since?: number;
  timeoutMs?: number;
  what?: string;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;
const DEFAULT_SLOW_CHUNK = 'and more ';
const DEFAULT_SLOW_INTERVAL_MS = 100;
const DEFAULT_SLOW_MAX_MS = 120_000;

/**
 * The default answer: the prompt echoed back (`You said: …`), or for a tool's result what the
 * tool said, so that every turn ends with a reply a test can recognise.
 */
export function defaultModelAnswer(request: FakeModelRequest): FakeModelAnswer {
  if (request.prompt === '' && request.toolResults.length > 0) {
    const result = request.toolResults[request.toolResults.length - 1];
    const said = result ? toolResultText(result) : '';
    return {
      kind: 'text',
      text: result?.is_error ? `The tool was refused: ${said}` : `The tool said: ${said}`,
    };
  }
  return { kind: 'text', text: `You said: ${request.prompt}` };
}

/**
 * The plan file Claude Code's plan-mode instructions name ("create your plan at …", or "A plan
 * file already exists at …"), or null when the request carries none.
 */
export function planFileOf(request: FakeModelRequest): string | null {
  const text = JSON.stringify(request.body);
  return (
    /(?:create your plan at|plan file already exists at) (\/[^\s"\\]+\.md)/.exec(text)?.[1] ?? null
  );
}

function matches(match: FakeModelMatch, request: FakeModelRequest): boolean {
  if (typeof match === 'string') return request.prompt === match;
  if (match instanceof RegExp) return match.test(request.prompt);
  return match(request);
}

function endpointOf(method: string, path: string): FakeModelEndpoint {
  if (method !== 'POST') return 'other';
  if (path === '/v1/messages') return 'messages';
  if (path === '/v1/messages/count_tokens') return 'count_tokens';
  return 'other';
}

function parseBody(text: string): AnthropicMessagesBody {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as AnthropicMessagesBody;
    }
  } catch {
    // Recorded as an empty body; the test sees it in requests().
  }
  return { model: '', messages: [] };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': `req_fake_${Date.now()}`,
  });
  res.end(text);
}

/**
 * A model server on loopback that speaks the Anthropic Messages API as Claude Code uses it:
 * `POST /v1/messages` answered with server-sent events (or one JSON message when the request
 * does not stream), `POST /v1/messages/count_tokens`, and 404 for anything else. It records
 * every request with the words the person submitted, and answers by rules a test sets
 * (`answer`), else by echoing the prompt. Point Claude Code at it with `ANTHROPIC_BASE_URL`.
 */
export class FakeAnthropicApi {
  private server: Server | null = null;
  private port = 0;
  private readonly recorded: MutableRequest[] = [];
  private rules: Rule[] = [];
  private fallback: (request: FakeModelRequest) => FakeModelAnswer = defaultModelAnswer;
  private readonly open = new Set<ServerResponse>();
  private counter = 0;
  /** How to end each slow answer still streaming, by request index. */
  private readonly finishers = new Map<number, () => void>();

  /** Listens on 127.0.0.1, on a port the system picks. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          sendJson(res, 500, errorBody('api_error', `the fake failed: ${String(error)}`));
        } else res.destroy();
      });
    });
    this.port = await listenOnLoopback(server);
    this.server = server;
  }

  /** Ends slow answers, closes every connection and the server. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const res of this.open) res.destroy();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** `http://127.0.0.1:PORT`: what ANTHROPIC_BASE_URL should be. */
  get baseUrl(): string {
    if (!this.port) throw new Error('FakeAnthropicApi: start() it first');
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Answers the requests that `match` accepts with `answer` (or what it returns for the
   * request), at most `times` times (default: until removed). Rules are tried in the order
   * they were added; a request no rule takes gets the default answer.
   */
  answer(
    match: FakeModelMatch,
    answer: FakeModelAnswer | ((request: FakeModelRequest) => FakeModelAnswer),
    options: { times?: number } = {},
  ): FakeModelRule {
    const rule: Rule = {
      match,
      answer,
      timesLeft: options.times ?? Number.POSITIVE_INFINITY,
      answered: [],
      remove: () => {
        this.rules = this.rules.filter((r) => r !== rule);
      },
    };
    this.rules.push(rule);
    return rule;
  }

  /**
   * Answers `match` as a model in plan mode does: it writes `plan` to the plan file Claude
   * Code names in its plan-mode instructions (Write), and once that has run, asks to leave
   * plan mode (ExitPlanMode), which Claude Code shows with the plan read from the file. Each
   * rule answers once. Resolves the two rules: `write`, then `exit` (its request is the one
   * whose tool result tells how the plan was taken).
   */
  answerWithPlan(
    match: FakeModelMatch,
    plan: string,
  ): { write: FakeModelRule; exit: FakeModelRule } {
    const write = this.answer(
      match,
      (request) => {
        const path = planFileOf(request);
        if (path === null) {
          throw new Error('the request carries no plan-mode instructions: is Claude in plan mode?');
        }
        return { kind: 'tool_use', name: 'Write', input: { file_path: path, content: plan } };
      },
      { times: 1 },
    );
    const exit = this.answer(
      (request) =>
        request.toolResults.some((result) =>
          write.answered.some((asked) => asked.toolUseId === result.tool_use_id),
        ),
      { kind: 'tool_use', name: 'ExitPlanMode', input: {} },
      { times: 1 },
    );
    return { write, exit };
  }

  /** Replaces the answer for requests no rule takes (default: defaultModelAnswer). */
  setDefaultAnswer(answer: (request: FakeModelRequest) => FakeModelAnswer): void {
    this.fallback = answer;
  }

  /** Removes every rule and restores the default answer; the record stays. */
  resetAnswers(): void {
    this.rules = [];
    this.fallback = defaultModelAnswer;
  }

  /** The `/v1/messages` requests so far, oldest first. */
  requests(): FakeModelRequest[] {
    return this.recorded.filter((request) => request.endpoint === 'messages');
  }

  /** Every request so far, whatever the endpoint (count_tokens and unknown paths too). */
  allRequests(): FakeModelRequest[] {
    return [...this.recorded];
  }

  /** The prompts of the `/v1/messages` requests after the first `since`, for messages. */
  promptsSince(since = 0): string[] {
    return this.requests()
      .slice(since)
      .map((request) => request.prompt);
  }

  /**
   * Resolves with the first `/v1/messages` request after the first `since` that `match`
   * accepts (a prompt, a pattern or a test); on timeout, the error lists the prompts seen.
   */
  async waitForRequest(
    match: FakeModelMatch,
    options: WaitForModelRequestOptions = {},
  ): Promise<FakeModelRequest> {
    const since = options.since ?? 0;
    const found = (): FakeModelRequest | undefined =>
      this.requests()
        .slice(since)
        .find((request) => matches(match, request));
    try {
      return await waitFor(found, {
        timeoutMs: options.timeoutMs ?? 20_000,
        what: options.what ?? `a model request matching ${String(match)}`,
      });
    } catch (error) {
      const seen = this.promptsSince(since).map((prompt) => JSON.stringify(prompt.slice(0, 200)));
      throw new Error(
        `${(error as Error).message}; prompts seen since request ${since}: ${seen.length === 0 ? 'none' : seen.join(', ')}`,
        { cause: error },
      );
    }
  }

  /**
   * The result of the tool call the fake answered `request` with: resolves with the request
   * that carried it back (after the tool ran, or was refused) and the result block.
   */
  async waitForToolResult(
    request: FakeModelRequest,
    timeoutMs = 20_000,
  ): Promise<{ request: FakeModelRequest; result: AnthropicToolResultBlock }> {
    const id = request.toolUseId;
    if (id === undefined) {
      throw new Error(`model request ${request.index} was not answered with a tool call`);
    }
    return waitFor(
      () => {
        for (const later of this.requests()) {
          const result = later.toolResults.find((block) => block.tool_use_id === id);
          if (result) return { request: later, result };
        }
        return undefined;
      },
      { timeoutMs, what: `the result of tool call ${id} at the model` },
    );
  }

  /**
   * Ends a `slow` answer still streaming as if its `maxMs` had passed: the message ends
   * normally (`end_turn`), and Claude Code's turn with it. False when it was not streaming.
   */
  finishAnswer(request: FakeModelRequest): boolean {
    const finish = this.finishers.get(request.index);
    finish?.();
    return finish !== undefined;
  }

  /** Resolves once the answer to `request` has ended, normally or closed early by the client. */
  async waitForAnswerEnd(
    request: FakeModelRequest,
    timeoutMs = 20_000,
  ): Promise<FakeModelRequestState> {
    return waitFor(() => request.state !== 'answering' && request.state, {
      timeoutMs,
      what: `the answer to model request ${request.index} to end`,
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const endpoint = endpointOf(method, url.pathname);
    const body = parseBody((await readBody(req, MAX_BODY_BYTES)).toString('utf8'));
    this.counter += 1;
    const request: MutableRequest = {
      index: this.counter,
      endpoint,
      method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: req.headers,
      body,
      at: new Date(),
      words: userWordsOf(body),
      prompt: promptOf(body),
      toolResults: toolResultsOf(body),
      state: 'answering',
    };
    this.recorded.push(request);

    if (endpoint === 'count_tokens') {
      end(request, 'done');
      const size = JSON.stringify(body.messages ?? []).length;
      sendJson(res, 200, { input_tokens: Math.max(1, Math.ceil(size / 4)) });
      return;
    }
    if (endpoint === 'other') {
      end(request, 'done');
      sendJson(res, 404, errorBody('not_found_error', `the fake has no ${method} ${url.pathname}`));
      return;
    }

    const answer = this.answerFor(request);
    request.answer = answer;
    const ids = {
      messageId: `msg_fake_${request.index}`,
      toolUseId: `toolu_fake_${request.index}`,
      model: typeof body.model === 'string' && body.model !== '' ? body.model : 'claude-fake',
    };
    if (answer.kind === 'tool_use') request.toolUseId = ids.toolUseId;
    if (answer.kind === 'error') {
      end(request, 'done');
      sendJson(
        res,
        answer.status,
        errorBody(answer.type ?? 'invalid_request_error', answer.message ?? 'refused by the fake'),
      );
      return;
    }
    if (body.stream !== true) {
      if (answer.kind === 'slow') {
        throw new Error('a slow answer needs a streaming request');
      }
      end(request, 'done');
      sendJson(res, 200, answerMessage(answer, ids));
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'request-id': `req_fake_${request.index}`,
    });
    this.open.add(res);
    res.on('close', () => {
      this.open.delete(res);
      end(request, 'closed-early');
    });
    if (answer.kind === 'slow') {
      this.streamSlowly(res, request, answer, ids);
      return;
    }
    for (const event of answerEvents(answer, ids)) res.write(sseFrame(event));
    res.end(() => end(request, 'done'));
  }

  private answerFor(request: FakeModelRequest): FakeModelAnswer {
    for (const rule of this.rules) {
      if (rule.timesLeft <= 0 || !matches(rule.match, request)) continue;
      rule.timesLeft -= 1;
      rule.answered.push(request);
      if (rule.timesLeft <= 0) rule.remove();
      return typeof rule.answer === 'function' ? rule.answer(request) : rule.answer;
    }
    return this.fallback(request);
  }

  /** Streams `chunk` until the client closes the request or `maxMs` pass. */
  private streamSlowly(
    res: ServerResponse,
    request: MutableRequest,
    answer: Extract<FakeModelAnswer, { kind: 'slow' }>,
    ids: { messageId: string; model: string },
  ): void {
    const chunk = answer.chunk ?? DEFAULT_SLOW_CHUNK;
    res.write(sseFrame(messageStartEvent(ids.messageId, ids.model)));
    res.write(sseFrame(textBlockStartEvent(0)));
    res.write(sseFrame(textDeltaEvent(0, chunk)));
    let sent = 1;
    const ticker = setInterval(() => {
      res.write(sseFrame(textDeltaEvent(0, chunk)));
      sent += 1;
    }, answer.intervalMs ?? DEFAULT_SLOW_INTERVAL_MS);
    const finish = (): void => {
      clearInterval(ticker);
      clearTimeout(limit);
      this.finishers.delete(request.index);
      for (const event of [blockStopEvent(0), ...messageEndEvents('end_turn', sent)]) {
        res.write(sseFrame(event));
      }
      res.end(() => end(request, 'done'));
    };
    const limit = setTimeout(finish, answer.maxMs ?? DEFAULT_SLOW_MAX_MS);
    this.finishers.set(request.index, finish);
    res.on('close', () => {
      clearInterval(ticker);
      clearTimeout(limit);
      this.finishers.delete(request.index);
    });
  }
}
