import { MAX_MESSAGE_CHARS, signBody, signedHeaders } from '@ccr/protocol';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FakeTelegramBotApi,
  SECRET,
  getJson,
  makeHubData,
  removeHubData,
  startHub,
  type Hub,
  type HubData,
} from './support/hub-harness';

const KR7_SECRET = 'kr7-own-secret-abcdefghijklmnop';

function body(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ serverId: 'kr4', type: 'completed', project: 'webapp', ...extra });
}

describe('hub-api request checks', () => {
  let telegram: FakeTelegramBotApi;
  let hub: Hub;
  let data: HubData;

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: '123456789:TEST-token_for_the_fake_api' });
    await telegram.start();
    data = await makeHubData('ccr-hub-auth-');
    const serversConfig = join(data.dir, 'servers.json');
    writeFileSync(
      serversConfig,
      JSON.stringify({
        servers: [
          { id: 'local', type: 'local' },
          { id: 'kr7', type: 'local', secret: KR7_SECRET },
        ],
      }),
    );
    hub = await startHub({ data, telegram, env: { SERVERS_CONFIG: serversConfig } });
  });

  afterAll(async () => {
    await hub?.process.stop();
    await telegram?.stop();
    await removeHubData(data);
  });

  const post = (payload: string | Buffer, headers: Record<string, string>) =>
    fetch(`${hub.url}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: payload,
    });

  async function expectError(response: Response, status: number, field?: string) {
    expect(response.status).toBe(status);
    const answer = (await response.json()) as {
      statusCode: number;
      message: string;
      field?: string;
    };
    expect(answer.statusCode).toBe(status);
    if (field) expect(answer.field).toBe(field);
    return answer;
  }

  describe('POST /notify refuses bad requests and stores nothing of them', () => {
    afterEach(async () => {
      // Whatever a refused request carried, nothing of it was stored or sent.
      const { body: listed } = await getJson<{ sessions: unknown[] }>(`${hub.url}/sessions`);
      expect(listed.sessions).toEqual([]);
      expect(telegram.calls('sendMessage')).toEqual([]);
    });

    it('401 with no credentials, a wrong secret, a wrong signature or a stale timestamp — and says no more', async () => {
      const payload = body();
      const stale = signedHeaders(SECRET, payload, Date.now() - 301_000);
      const wrong = signedHeaders('not-the-secret-at-all-0000', payload);
      const responses = [
        await post(payload, {}),
        await post(payload, { 'x-shared-secret': 'wrong' }),
        await post(payload, wrong),
        await post(payload, stale),
        await post(payload, {
          'x-ccr-timestamp': 'soon',
          'x-ccr-signature': signBody(SECRET, 'soon', payload),
        }),
      ];
      for (const response of responses) {
        const answer = await expectError(response, 401);
        expect(answer).toEqual({ statusCode: 401, error: 'UNAUTHORIZED', message: 'Unauthorized' });
      }
    });

    it('401 for a signature over another body (the body was changed on the way)', async () => {
      const headers = signedHeaders(SECRET, body());
      await expectError(await post(body({ project: 'other' }), headers), 401);
    });

    it('a server with its own secret must use it, and its secret speaks for no other server', async () => {
      const kr7 = body({ serverId: 'kr7' });
      await expectError(await post(kr7, signedHeaders(SECRET, kr7)), 401);
      await expectError(await post(kr7, { 'x-shared-secret': SECRET }), 401);
      const kr4 = body({ serverId: 'kr4' });
      await expectError(await post(kr4, signedHeaders(KR7_SECRET, kr4)), 401);
    });

    it('400 for malformed JSON, after the signature checked out', async () => {
      const payload = '{"serverId":"kr4","type":';
      const answer = await expectError(
        await post(payload, signedHeaders(SECRET, payload)),
        400,
        'body',
      );
      expect(answer.message).toBe('body: malformed JSON');
    });

    it('401, not 400, for malformed JSON without credentials', async () => {
      await expectError(await post('{oops', {}), 401);
    });

    it.each<[string, Record<string, unknown>]>([
      ['type', { type: 'finished' }],
      ['serverId', { serverId: 'kr4; rm -rf /' }],
      ['project', { project: '' }],
      ['project', { project: 42 }],
      ['tmux.pane', { tmux: { pane: '%1; kill-server' } }],
      ['tmux.session', { tmux: { session: 'a:b' } }],
      ['tmux.window', { tmux: { window: 'x' } }],
      ['message', { message: 'x'.repeat(MAX_MESSAGE_CHARS + 1) }],
      ['sentAt', { sentAt: 'yesterday' }],
      ['eventId', { eventId: 'has spaces' }],
      ['metadata', { metadata: 'text' }],
      ['surprise', { surprise: true }],
    ])('400 naming the bad field: %s (case %#)', async (field, extra) => {
      const payload = body(extra);
      const answer = await expectError(
        await post(payload, signedHeaders(SECRET, payload)),
        400,
        field,
      );
      expect(answer.message.startsWith(`${field}: `)).toBe(true);
    });

    it('400 for a JSON body that is not an object', async () => {
      const payload = '[1,2,3]';
      await expectError(await post(payload, signedHeaders(SECRET, payload)), 400, 'body');
    });

    it('413 for a body over 64 KiB, whatever its credentials', async () => {
      const payload = body({ message: 'x'.repeat(70 * 1024) });
      await expectError(await post(payload, signedHeaders(SECRET, payload)), 413, 'body');
      await expectError(await post(payload, {}), 413, 'body');
    });
  });

  it('GET /sessions and GET /servers need the shared secret; GET /health does not', async () => {
    expect((await fetch(`${hub.url}/sessions`)).status).toBe(401);
    expect((await getJson(`${hub.url}/servers`, 'wrong')).status).toBe(401);
    expect(
      (await fetch(`${hub.url}/servers`, { headers: { authorization: `Bearer ${SECRET}` } }))
        .status,
    ).toBe(200);
    // A server's own secret does not open the hub-wide lists.
    expect((await getJson(`${hub.url}/sessions`, KR7_SECRET)).status).toBe(401);
    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', telegram: 'on' });
  });

  it('POST /ping proves the secret without storing anything; nonces keep two pings apart', async () => {
    const ping = (nonce: string) => {
      const payload = JSON.stringify({ serverId: 'kr7', nonce });
      return fetch(`${hub.url}/ping`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders(KR7_SECRET, payload) },
        body: payload,
      });
    };
    const answers = await Promise.all([ping('one'), ping('two')]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ ok: true, serverId: 'kr7', knownServer: true });
    }
    const { body: listed } = await getJson<{ sessions: unknown[] }>(`${hub.url}/sessions`);
    expect(listed.sessions).toEqual([]);
  });

  it('GET /servers lists configured servers without their secrets', async () => {
    const { body: listed } = await getJson<{ servers: Array<Record<string, unknown>> }>(
      `${hub.url}/servers`,
    );
    expect(listed.servers.map((s) => s['id'])).toEqual(['local', 'kr7']);
    expect(JSON.stringify(listed)).not.toContain(KR7_SECRET);
  });

  it('401 for a replayed signed request, though the first one was accepted and stored once', async () => {
    const payload = body({ serverId: 'replay' });
    const headers = signedHeaders(SECRET, payload);
    expect((await post(payload, headers)).status).toBe(202);
    await expectError(await post(payload, headers), 401);
    await telegram.waitForCalls('sendMessage', 1);
    const { body: listed } = await getJson<{ sessions: Array<{ name: string }> }>(
      `${hub.url}/sessions`,
    );
    expect(listed.sessions.map((session) => session.name)).toEqual(['replay:1']);
    expect(telegram.calls('sendMessage')).toHaveLength(1);
  });
});
