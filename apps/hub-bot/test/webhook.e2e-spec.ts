import { waitFor, type ClaudeCodePane } from '@ccr/testing';
import { BotStack, CHAT_ID, type NotifiedSession } from './support/bot-stack';

describe('hub-bot in webhook mode, driving the real Claude Code', () => {
  const stack = new BotStack({ webhook: {} });
  let claude: ClaudeCodePane;
  let session: NotifiedSession;
  let webhookUrl: string;

  beforeAll(async () => {
    await stack.start();
    claude = await stack.startClaude('local', { project: 'hooked' });
    session = await stack.firstTurn(claude, 'local', 'hello through the webhook');
    webhookUrl = `${stack.bot!.url}/telegram/webhook`;
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(() => stack.settleClaudes());

  it('sets its webhook with a secret token made at start, and never polls', async () => {
    const [call] = stack.telegram.calls('setWebhook');
    expect(call?.params).toMatchObject({
      url: webhookUrl,
      allowed_updates: ['message', 'callback_query'],
    });
    expect(call?.params['secret_token']).toMatch(/^[0-9a-f]{64}$/);
    expect(stack.telegram.calls('getUpdates')).toEqual([]);
    expect(stack.telegram.calls('setMyCommands')).toHaveLength(1);
    const health = await fetch(`${stack.bot!.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      mode: 'webhook',
      telegram: 'running',
    });
    expect(stack.bot!.process.output()).not.toContain(String(call?.params['secret_token']));
  });

  it('answers 403 to a request without the secret, or with a wrong one, and handles nothing', async () => {
    const forged = stack.telegram.messageUpdate(CHAT_ID, `/cmd ${session.name} forged`);
    const body = JSON.stringify({ ...forged, update_id: 7_000_001 });
    const attempts: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'application/json' }, body },
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-telegram-bot-api-secret-token': 'not-the-secret',
        },
        body,
      },
      { method: 'GET' },
    ];
    for (const attempt of attempts) {
      const response = await fetch(webhookUrl, attempt);
      expect(response.status).toBe(403);
    }
    // An update from the chat after them is handled; the forged one never was.
    const turn = await stack.turn('local', async () => {
      const answer = await stack.ask(`/cmd ${session.name} genuine`);
      expect(answer.text).toContain('✅ Sent to');
    });
    expect(turn.prompts).toEqual(['genuine']);
    expect(stack.model.requests().map((request) => request.prompt)).not.toContain('forged');
    expect(stack.answersTo(forged.message!.message_id)).toEqual([]);
  });

  it('answers commands and replies that come through the webhook', async () => {
    expect((await stack.ask('/sessions')).text).toContain(`<code>${session.name}</code> · hooked`);
    const turn = await stack.turn('local', async () => {
      const answer = await stack.ask('through the hook', { replyToMessage: session.messageId });
      expect(answer.text).toContain(`✅ Sent to <code>${session.name}</code>`);
    });
    expect(turn.prompts).toEqual(['through the hook']);
  });

  it('handles an update that Telegram delivers twice once', async () => {
    const update = {
      ...stack.telegram.messageUpdate(CHAT_ID, `/cmd ${session.name} only once`),
      update_id: 7_000_100,
    };
    const messageId = update.message!.message_id;
    const turn = await stack.turn('local', async () => {
      expect((await stack.telegram.postToWebhook(update)).status).toBe(200);
      await stack.answerTo(messageId);
    });
    expect((await stack.telegram.postToWebhook(update)).status).toBe(200);
    await waitFor(
      () =>
        stack
          .botLog()
          .some(
            (line) => line['update_id'] === update.update_id && line['outcome'] === 'duplicate',
          ),
      { what: 'the second delivery to be logged as a duplicate' },
    );
    expect(stack.answersTo(messageId)).toHaveLength(1);
    expect(turn.prompts).toEqual(['only once']);
    expect(stack.model.requests().filter((request) => request.prompt === 'only once')).toHaveLength(
      1,
    );
  });
});
