import { claudeHookFixture, freePort, waitFor } from '@ccr/testing';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  FakeTelegramBotApi,
  SECRET,
  cliEnv,
  getJson,
  makeHubData,
  makeTempDir,
  removeDir,
  removeHubData,
  runHook,
  startHub,
  type Hub,
  type HubData,
} from './support/hub-harness';

const TOKEN = '123456789:TEST-token_for_the_fake_api';

function post(hub: Hub, payload: Record<string, unknown>) {
  return fetch(`${hub.url}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
    body: JSON.stringify({ serverId: 'kr4', type: 'completed', project: 'webapp', ...payload }),
  });
}

/** The outbox once nothing waits or is in flight: rows are marked sent just after Telegram answers. */
function settledOutbox(hub: Hub): Promise<Record<string, number>> {
  return waitFor(
    async () => {
      const { body } = await getJson<{ outbox: Record<string, number> }>(`${hub.url}/health`);
      const { pending, sending, held } = body.outbox;
      return pending === 0 && sending === 0 && held === 0 ? body.outbox : undefined;
    },
    { timeoutMs: 10_000, what: 'an outbox with nothing waiting or in flight' },
  );
}

/** GET /health's outbox counts: these, and zero for every other status. */
function outboxOf(counts: Record<string, number>): Record<string, number> {
  return {
    pending: 0,
    sending: 0,
    held: 0,
    sent: 0,
    failed: 0,
    superseded: 0,
    skipped: 0,
    ...counts,
  };
}

function spooled(home: string): string[] {
  const dir = join(home, '.local/state/ccr/spool');
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
}

describe('delivery when things go wrong', () => {
  let telegram: FakeTelegramBotApi;
  let data: HubData;
  let home: string;
  let hub: Hub | undefined;

  beforeEach(async () => {
    telegram = new FakeTelegramBotApi({ token: TOKEN });
    await telegram.start();
    data = await makeHubData('ccr-hub-delivery-');
    home = await makeTempDir('ccr-home-delivery-');
  });

  afterEach(async () => {
    await hub?.process.stop();
    hub = undefined;
    await telegram.stop();
    await removeHubData(data);
    await removeDir(home);
  });

  it("hub down: the hook exits 0 at once and spools; hub up: the next run delivers the backlog as the session's latest state, once", async () => {
    const port = await freePort();
    const env = cliEnv(home, `http://127.0.0.1:${port}`);
    const stop = claudeHookFixture('stop.json');
    const failure = claudeHookFixture('stop-failure.json');

    const down = await runHook(['hook'], stop.text, env, dirname(stop.path));
    expect(down.code).toBe(0);
    expect(down.stdout).toBe('');
    expect(spooled(home)).toHaveLength(1);
    const downAgain = await runHook(['hook'], failure.text, env, dirname(failure.path));
    expect(downAgain.code).toBe(0);
    expect(spooled(home)).toHaveLength(2);

    hub = await startHub({ data, telegram, port, env: { TELEGRAM_CHAT_INTERVAL_MS: '0' } });
    const idle = claudeHookFixture('notification-idle.json');
    const up = await runHook(['hook'], idle.text, env, dirname(idle.path));
    expect(up.code).toBe(0);
    expect(spooled(home)).toHaveLength(0);

    // All three events are of one Claude session, delivered one after the other: each message
    // is the session's latest state when it went, standing for the ones it replaced.
    const sent = await waitFor(
      () => {
        const texts = telegram.sentMessages().map((params) => params.text);
        return texts.at(-1)?.includes('Waiting for Input') ? texts : undefined;
      },
      { timeoutMs: 10_000, what: "the session's latest state in Telegram" },
    );
    const standsFor = sent.map((text) => Number(/Latest of (\d+) updates/.exec(text)?.[1] ?? 1));
    expect(standsFor.reduce((a, b) => a + b, 0)).toBe(3);
    const order = ['Task Completed', 'Task Failed', 'Waiting for Input']
      .map((heading) => sent.join('\n').indexOf(heading))
      .filter((index) => index >= 0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const settled = await settledOutbox(hub);
    expect(settled).toEqual(outboxOf({ sent: sent.length, superseded: 3 - sent.length }));

    // A later flush finds nothing left, and nothing is sent twice.
    const flush = await runHook(['flush'], undefined, env);
    expect(flush.code).toBe(0);
    const { body } = await getJson<{ sessions: unknown[] }>(`${hub.url}/sessions`);
    expect(body.sessions).toHaveLength(1);
  });

  it('a retried event (same eventId) is stored and sent once', async () => {
    hub = await startHub({ data, telegram });
    const first = await post(hub, { eventId: 'evt-1' });
    const again = await post(hub, { eventId: 'evt-1' });
    expect(await first.json()).toMatchObject({ stored: true });
    expect(await again.json()).toMatchObject({ stored: false });
    await telegram.waitForCalls('sendMessage', 1);
    await post(hub, { eventId: 'evt-2', project: 'marker' });
    const calls = await telegram.waitForCalls('sendMessage', 2);
    expect(String(calls[1].params['text'])).toContain('marker');
    expect(telegram.calls('sendMessage')).toHaveLength(2);
  });

  it('Telegram answers 429: the hub waits retry_after, then sends', async () => {
    hub = await startHub({ data, telegram });
    telegram.failNext('sendMessage', { status: 429, retryAfter: 2 });
    await post(hub, {});
    const calls = await telegram.waitForCalls('sendMessage', 2, 15_000);
    expect(calls[0].failed).toBe(true);
    expect(calls[1].failed).toBeFalsy();
    expect(calls[1].at.getTime() - calls[0].at.getTime()).toBeGreaterThanOrEqual(1900);
  });

  it('Telegram answers 500 twice: the hub retries with backoff and delivers once', async () => {
    hub = await startHub({ data, telegram });
    telegram.failNext('sendMessage', { status: 500 }, 2);
    await post(hub, {});
    const calls = await telegram.waitForCalls('sendMessage', 3, 20_000);
    expect(calls.map((call) => Boolean(call.failed))).toEqual([true, true, false]);
    expect(await settledOutbox(hub)).toEqual(outboxOf({ sent: 1 }));
  });

  it('a hub restart loses nothing: undelivered rows go out after it', async () => {
    hub = await startHub({ data, telegram });
    // Telegram is down while the notifications arrive.
    telegram.failNext('sendMessage', { status: 500 }, 1000);
    await post(hub, { project: 'first' });
    await post(hub, { project: 'second', serverId: 'kr5' });
    await telegram.waitForCalls('sendMessage', 1);
    const port = hub.port;
    await hub.process.stop();
    telegram.reset();

    hub = await startHub({ data, telegram, port });
    const delivered = await waitFor(
      () => {
        const all = telegram
          .sentMessages()
          .map((params) => String(params['text']))
          .join('\n');
        return all.includes('first') && all.includes('second') ? all : undefined;
      },
      { timeoutMs: 15_000, what: 'both notifications after the restart' },
    );
    expect(delivered.split('<b>Project:</b> first')).toHaveLength(2);
    expect(await settledOutbox(hub)).toEqual(outboxOf({ sent: 2 }));
  });

  it('a burst to one chat is merged into one message instead of queued behind the rate limit', async () => {
    hub = await startHub({ data, telegram, env: { TELEGRAM_CHAT_INTERVAL_MS: '3000' } });
    await post(hub, { project: 'alpha' });
    await telegram.waitForCalls('sendMessage', 1);
    // Within the chat's interval: these three wait for the next slot, and go in one message.
    await Promise.all(
      ['beta', 'gamma', 'delta'].map((project, i) =>
        post(hub!, { project, serverId: `kr${i + 5}` }),
      ),
    );
    const calls = await telegram.waitForCalls('sendMessage', 2, 15_000);
    const merged = String(calls[1].params['text']);
    for (const project of ['beta', 'gamma', 'delta'])
      expect(merged).toContain(`<b>Project:</b> ${project}`);
    expect(await settledOutbox(hub)).toEqual(outboxOf({ sent: 4 }));
    expect(telegram.calls('sendMessage')).toHaveLength(2);
  });

  it("a whole reply's document is tried again on a 500, and one Telegram refuses is logged, its message still delivered once", async () => {
    hub = await startHub({ data, telegram });
    const long = (word: string) => `${word} `.repeat(1500);
    telegram.failNext('sendDocument', { status: 500 });
    await post(hub, { project: 'retried', message: long('retried') });
    const retried = await telegram.waitForSentFile(
      (file) => file.caption?.includes('retried') === true,
    );
    expect(retried.content.toString()).toBe(`${long('retried').trim()}\n`);
    expect(telegram.calls('sendDocument').map((call) => call.failed)).toEqual([true, false]);

    telegram.failNext('sendDocument', { status: 400, description: 'Bad Request: file is too big' });
    await post(hub, { project: 'refused', serverId: 'kr5', message: long('refused') });
    const logged = await waitFor(
      () =>
        hub!.process
          .output()
          .split('\n')
          .find((line) => line.includes('whole reply not sent as a document')),
      { what: "the hub's log line about the refused document" },
    );
    expect(logged).toContain('file is too big');
    expect(await settledOutbox(hub)).toEqual(outboxOf({ sent: 2 }));
    expect(telegram.sentMessages().map((m) => String(m['text']).includes('refused'))).toEqual([
      false,
      true,
    ]);
  });

  it('without TELEGRAM_BOT_TOKEN the hub still stores, lists and warns once', async () => {
    hub = await startHub({ data });
    expect((await post(hub, { project: 'offline' })).status).toBe(202);
    const { body } = await getJson<{ sessions: Array<{ project: string }> }>(`${hub.url}/sessions`);
    expect(body.sessions.map((session) => session.project)).toEqual(['offline']);
    // The log reaches this process through a pipe, a moment after the hub answered HTTP.
    const warnings = await waitFor(
      () => {
        const lines = hub!.process
          .output()
          .split('\n')
          .filter((line) => line.includes('TELEGRAM_BOT_TOKEN is not set'));
        return lines.length > 0 ? lines : undefined;
      },
      { timeoutMs: 10_000, what: "the hub's warning that Telegram is off" },
    );
    expect(warnings).toHaveLength(1);
    expect(telegram.calls()).toEqual([]);
  });
});
