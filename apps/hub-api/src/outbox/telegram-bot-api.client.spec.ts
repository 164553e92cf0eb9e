import { FakeTelegramBotApi } from '@ccr/testing';
import { TelegramApiError, TelegramFailure } from './telegram-api.error';
import { TelegramBotApiClient } from './telegram-bot-api.client';

const TOKEN = '123456789:TEST-token_for_the_fake_api';

describe('TelegramBotApiClient against a Bot API on loopback', () => {
  const api = new FakeTelegramBotApi({ token: TOKEN });
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => api.reset());

  const failureOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TelegramApiError);
    return error as TelegramApiError;
  };

  it('sends HTML without link previews and returns the message id', async () => {
    const client = new TelegramBotApiClient(api.apiRoot, TOKEN);
    const sent = await client.sendMessage('42', '<b>hi</b>');
    expect(sent.message_id).toEqual(expect.any(Number));
    expect(api.calls('sendMessage')[0].params).toMatchObject({
      chat_id: 42,
      text: '<b>hi</b>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('classifies 429 with its retry_after, 5xx, a wrong token and a refused message', async () => {
    const client = new TelegramBotApiClient(api.apiRoot, TOKEN);
    api.failNext('sendMessage', { status: 429, retryAfter: 7 });
    const limited = await failureOf(client.sendMessage('42', 'x'));
    expect([limited.failure, limited.retryAfterSeconds]).toEqual([TelegramFailure.RateLimited, 7]);

    api.failNext('sendMessage', { status: 500 });
    expect((await failureOf(client.sendMessage('42', 'x'))).failure).toBe(
      TelegramFailure.Transient,
    );

    api.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    const refused = await failureOf(client.sendMessage('42', 'x'));
    expect(refused.failure).toBe(TelegramFailure.Rejected);
    expect(refused.message).toContain('chat not found');

    const wrongToken = new TelegramBotApiClient(api.apiRoot, '1:wrong');
    expect((await failureOf(wrongToken.sendMessage('42', 'x'))).failure).toBe(
      TelegramFailure.Unauthorized,
    );
  });

  it('reports a dropped connection as transient, without the token in the message', async () => {
    const client = new TelegramBotApiClient(api.apiRoot, TOKEN);
    api.failNext('sendMessage', { kind: 'reset' });
    const dropped = await failureOf(client.sendMessage('42', 'x'));
    expect(dropped.failure).toBe(TelegramFailure.Transient);
    expect(dropped.message).not.toContain(TOKEN);
  });

  const keyboard = {
    inline_keyboard: [[{ text: 'Allow', callback_data: 'p:1:allow' }]],
  };

  it('sends buttons under a message when given some', async () => {
    const client = new TelegramBotApiClient(api.apiRoot, TOKEN);
    const sent = await client.sendMessage('42', 'Allow?', keyboard);
    expect(api.message(42, sent.message_id)?.reply_markup).toEqual(keyboard);
    await client.sendMessage('42', 'plain');
    expect(api.calls('sendMessage')[1].params).not.toHaveProperty('reply_markup');
  });

  it('edits a message in place, dropping its buttons', async () => {
    const client = new TelegramBotApiClient(api.apiRoot, TOKEN);
    const sent = await client.sendMessage('42', 'Allow?', keyboard);
    await client.editMessageText('42', sent.message_id, '<b>Allowed</b>');
    const edited = api.message(42, sent.message_id);
    expect(edited?.text).toBe('Allowed');
    expect(edited?.reply_markup).toBeUndefined();
    expect(api.calls('editMessageText')[0].params).toMatchObject({
      chat_id: 42,
      message_id: sent.message_id,
      parse_mode: 'HTML',
    });
  });

  it('counts an edit to what the message already says as done, and refuses a missing message', async () => {
    const client = new TelegramBotApiClient(api.apiRoot, TOKEN);
    const sent = await client.sendMessage('42', '<b>Allowed</b>');
    await expect(
      client.editMessageText('42', sent.message_id, '<b>Allowed</b>'),
    ).resolves.toBeUndefined();
    expect(api.calls('editMessageText')[0].failed).toBe(true);

    const missing = await failureOf(client.editMessageText('42', sent.message_id + 100, 'x'));
    expect(missing.failure).toBe(TelegramFailure.Rejected);
  });
});
