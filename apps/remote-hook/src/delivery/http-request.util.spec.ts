import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closedPort } from '../../test/support/stand-in-hub';
import { HttpRequestError, sendHttpRequest } from './http-request.util';

describe('sendHttpRequest', () => {
  let server: Server;
  let origin: string;
  const seen: { method?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ method: request.method, headers: request.headers, body });
        if (request.url === '/silent') return; // never answers
        response.writeHead(request.url === '/missing' ? 404 : 200);
        response.end(`you sent ${Buffer.byteLength(body)} bytes`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body with its length and returns status and answer', async () => {
    const response = await sendHttpRequest({
      method: 'POST',
      url: new URL(`${origin}/notify`),
      headers: { 'content-type': 'application/json' },
      body: '{"é":1}',
      timeoutMs: 2000,
    });
    expect(response).toEqual({ status: 200, body: 'you sent 8 bytes' });
    const last = seen[seen.length - 1];
    expect(last.headers['content-length']).toBe('8');
    expect(last.headers['connection']).toBe('close');
  });

  it('returns error statuses as answers, not errors', async () => {
    const response = await sendHttpRequest({
      method: 'GET',
      url: new URL(`${origin}/missing`),
      timeoutMs: 2000,
    });
    expect(response.status).toBe(404);
  });

  it('gives up on a server that does not answer', async () => {
    await expect(
      sendHttpRequest({ method: 'GET', url: new URL(`${origin}/silent`), timeoutMs: 150 }),
    ).rejects.toThrow(new HttpRequestError('no answer within 150 ms'));
  });

  it('fails with the network reason when nothing listens', async () => {
    const port = await closedPort();
    await expect(
      sendHttpRequest({
        method: 'GET',
        url: new URL(`http://127.0.0.1:${port}/health`),
        timeoutMs: 2000,
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
