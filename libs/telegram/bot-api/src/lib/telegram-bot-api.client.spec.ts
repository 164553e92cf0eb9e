import { FakeTelegramBotApi } from '@ccr/testing';
import { TelegramApiError, TelegramFailure, telegramFailureOf } from './telegram-api.error';
import { TelegramBotApi, type TelegramRetry } from './telegram-bot-api.client';

const TOKEN = '123456789:TEST-token_for_the_fake_api';

describe('TelegramBotApi against a Bot API on loopback', () => {
  const api = new FakeTelegramBotApi({ token: TOKEN });
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => api.reset());

  const clientFor = (token = TOKEN, retry?: TelegramRetry) =>
    new TelegramBotApi({ apiRoot: api.apiRoot, token, retry });

  const failureOf = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TelegramApiError);
    return error as TelegramApiError;
  };

  it('sends HTML without link previews and returns the message id', async () => {
    const client = clientFor();
    const sent = await client.sendMessage('42', '<b>hi</b>');
    expect(sent.message_id).toEqual(expect.any(Number));
    expect(api.calls('sendMessage')[0].params).toMatchObject({
      chat_id: 42,
      text: '<b>hi</b>',
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
    expect(api.calls('sendMessage')[0].params).not.toHaveProperty('disable_notification');
  });

  it('sends without sound when asked', async () => {
    await clientFor().sendMessage('42', 'shh', { disableNotification: true });
    expect(api.calls('sendMessage')[0].params).toMatchObject({ disable_notification: true });
  });

  it('classifies 429 with its retry_after, 5xx, a wrong token and a refused message', async () => {
    const client = clientFor();
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

    const wrongToken = clientFor('1:wrong');
    expect((await failureOf(wrongToken.sendMessage('42', 'x'))).failure).toBe(
      TelegramFailure.Unauthorized,
    );
  });

  it('reports a dropped connection as transient, without the token in the message', async () => {
    const client = clientFor();
    api.failNext('sendMessage', { kind: 'reset' });
    const dropped = await failureOf(client.sendMessage('42', 'x'));
    expect(dropped.failure).toBe(TelegramFailure.Transient);
    expect(dropped.message).not.toContain(TOKEN);
  });

  const keyboard = {
    inline_keyboard: [[{ text: 'Allow', callback_data: 'p:1:allow' }]],
  };

  it('sends buttons under a message when given some', async () => {
    const client = clientFor();
    const sent = await client.sendMessage('42', 'Allow?', { replyMarkup: keyboard });
    expect(api.message(42, sent.message_id)?.reply_markup).toEqual(keyboard);
    await client.sendMessage('42', 'plain');
    expect(api.calls('sendMessage')[1].params).not.toHaveProperty('reply_markup');
  });

  it('sends a reply under a message, and still sends when that message is gone', async () => {
    const client = clientFor();
    const question = api.queueMessage(42, '/sessions').message!;
    const answer = await client.sendMessage('42', 'two sessions', {
      replyToMessageId: question.message_id,
    });
    expect(api.message(42, answer.message_id)?.reply_to_message?.message_id).toBe(
      question.message_id,
    );
    const orphan = await client.sendMessage('42', 'still here', { replyToMessageId: 99_999 });
    expect(api.message(42, orphan.message_id)?.reply_to_message).toBeUndefined();
  });

  it('edits a message in place, dropping its buttons, without link previews', async () => {
    const client = clientFor();
    const sent = await client.sendMessage('42', 'Allow?', { replyMarkup: keyboard });
    await client.editMessageText('42', sent.message_id, '<b>Allowed</b>');
    const edited = api.message(42, sent.message_id);
    expect(edited?.text).toBe('Allowed');
    expect(edited?.reply_markup).toBeUndefined();
    expect(api.calls('editMessageText')[0].params).toMatchObject({
      chat_id: 42,
      message_id: sent.message_id,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    });
  });

  it('counts an edit to what the message already says as done, and refuses a missing message', async () => {
    const client = clientFor();
    const sent = await client.sendMessage('42', '<b>Allowed</b>');
    await expect(
      client.editMessageText('42', sent.message_id, '<b>Allowed</b>'),
    ).resolves.toBeUndefined();
    expect(api.calls('editMessageText')[0].failed).toBe(true);

    const missing = await failureOf(client.editMessageText('42', sent.message_id + 100, 'x'));
    expect(missing.failure).toBe(TelegramFailure.Rejected);
  });

  it('answers a button press once; a second answer is refused', async () => {
    const client = clientFor();
    const press = api.queueCallbackQuery(42, 'out:1').callback_query!;
    await client.answerCallbackQuery(press.id, 'Output of kr4:1 below');
    expect(api.calls('answerCallbackQuery')[0].params).toMatchObject({
      callback_query_id: press.id,
      text: 'Output of kr4:1 below',
    });
    expect((await failureOf(client.answerCallbackQuery(press.id, 'again'))).failure).toBe(
      TelegramFailure.Rejected,
    );
  });

  describe('with retries', () => {
    const retry: TelegramRetry = {
      attempts: 3,
      maxRetryAfterMs: 1_000,
      backoff: { firstMs: 10, maxMs: 20 },
    };

    it('tries again after a server error and a short rate limit, up to its attempts', async () => {
      const client = clientFor(TOKEN, retry);
      api.failNext('sendMessage', { status: 502 });
      api.failNext('sendMessage', { status: 429, retryAfter: 1 });
      const sent = await client.sendMessage('42', 'third time');
      expect(api.message(42, sent.message_id)?.text).toBe('third time');
      expect(api.calls('sendMessage').map((call) => call.failed)).toEqual([true, true, false]);

      api.failNext('sendMessage', { status: 500 }, 3);
      await failureOf(client.sendMessage('42', 'never'));
      expect(api.calls('sendMessage')).toHaveLength(6);
    });

    it('does not wait out a long rate limit, nor retry what Telegram refused', async () => {
      const client = clientFor(TOKEN, retry);
      api.failNext('sendMessage', { status: 429, retryAfter: 30 });
      expect((await failureOf(client.sendMessage('42', 'x'))).retryAfterSeconds).toBe(30);
      api.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
      await failureOf(client.sendMessage('42', 'x'));
      expect(api.calls('sendMessage')).toHaveLength(2);
    });
  });
});

describe('telegramFailureOf', () => {
  it('reads a status as Telegram means it', () => {
    expect(telegramFailureOf(429)).toBe(TelegramFailure.RateLimited);
    expect(telegramFailureOf(502)).toBe(TelegramFailure.Transient);
    expect(telegramFailureOf(undefined)).toBe(TelegramFailure.Transient);
    expect(telegramFailureOf(401)).toBe(TelegramFailure.Unauthorized);
    expect(telegramFailureOf(404)).toBe(TelegramFailure.Unauthorized);
    expect(telegramFailureOf(400)).toBe(TelegramFailure.Rejected);
    expect(telegramFailureOf(409)).toBe(TelegramFailure.Rejected);
  });
});
