import { request as plainRequest, type IncomingMessage } from 'node:http';
import { request as tlsRequest } from 'node:https';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, from DNS to the last byte of the answer. */
  timeoutMs: number;
  /** Ends the exchange early (the answer is no longer wanted): it fails as a network error would. */
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  body: string;
}

/** The request got no HTTP answer: DNS, connection, TLS, timeout. */
export class HttpRequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HttpRequestError';
  }
}

/** Answers are small JSON documents; anything beyond this is not read. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * One HTTP exchange with a hard time bound. A fresh connection each time, closed after the
 * answer: a kept-alive socket would hold a hook process open after its work is done.
 */
export function sendHttpRequest(options: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
      outcome();
    };
    const fail = (error: Error): void =>
      settle(() =>
        reject(
          error instanceof HttpRequestError
            ? error
            : new HttpRequestError(error.message, { cause: error }),
        ),
      );

    const payload = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string> = { connection: 'close', ...options.headers };
    if (payload) headers['content-length'] = String(payload.length);

    const send = options.url.protocol === 'https:' ? tlsRequest : plainRequest;
    const request = send(options.url, { method: options.method, headers, agent: false });

    const timer = setTimeout(() => {
      request.destroy(new HttpRequestError(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const abort = (): void => {
      request.destroy(new HttpRequestError('stopped: the answer is no longer wanted'));
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });

    request.on('error', fail);
    request.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_RESPONSE_BYTES) return;
        chunks.push(chunk);
        size += chunk.length;
      });
      response.on('error', fail);
      response.on('end', () =>
        settle(() =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8'),
          }),
        ),
      );
      response.on('close', () => {
        if (!response.complete)
          fail(new HttpRequestError('connection closed before the answer ended'));
      });
    });
    request.end(payload);
  });
}
