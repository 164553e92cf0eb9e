import { FakeTelegramBotApi } from '@ccr/testing';
import { TelegramApiError, TelegramFailure, telegramFailureOf } from './telegram-api.error';
import {
  TELEGRAM_DOWNLOAD_LIMIT_BYTES,
  TelegramBotApi,
  type TelegramRetry,
} from './telegram-bot-api.client';
import { TelegramFileTooLargeError } from './telegram-file.error';

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

  describe('files', () => {
    const collect = async (chunks: AsyncIterable<Uint8Array>): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const chunk of chunks) parts.push(Buffer.from(chunk));
      return Buffer.concat(parts);
    };
    const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );

    it('finds a file with getFile and downloads it chunk by chunk', async () => {
      const client = clientFor();
      const content = Buffer.alloc(300_000, 'x');
      const document = api.queueDocument(42, content, { fileName: 'big.log' }).message!.document!;
      const file = await client.getFile(document.file_id);
      expect(file).toEqual(expect.objectContaining({ file_size: 300_000 }));
      let chunks = 0;
      const parts: Buffer[] = [];
      for await (const chunk of client.downloadFile(file)) {
        chunks += 1;
        parts.push(Buffer.from(chunk));
      }
      expect(Buffer.concat(parts).equals(content)).toBe(true);
      expect(chunks).toBeGreaterThan(1);
    });

    it('refuses a file over the limit before reading it: by getFile, its size, or Content-Length', async () => {
      const client = clientFor();
      const huge = api.queueDocument(42, 'x', { claimedSize: TELEGRAM_DOWNLOAD_LIMIT_BYTES + 1 })
        .message!.document!;
      expect(await rejection(client.getFile(huge.file_id))).toBeInstanceOf(
        TelegramFileTooLargeError,
      );

      const doc = api.queueDocument(42, Buffer.alloc(2_000, 1)).message!.document!;
      const file = await client.getFile(doc.file_id);
      const bySize = (await rejection(
        collect(client.downloadFile(file, { maxBytes: 1_000 })),
      )) as TelegramFileTooLargeError;
      expect(bySize).toBeInstanceOf(TelegramFileTooLargeError);
      expect(bySize.sizeBytes).toBe(2_000);
      expect(api.calls('download')).toHaveLength(0);

      // Telegram's figure unknown: the Content-Length stops it, before any byte is handed on.
      const unsized = { ...file, file_size: undefined };
      const byLength = (await rejection(
        collect(client.downloadFile(unsized, { maxBytes: 1_000 })),
      )) as TelegramFileTooLargeError;
      expect(byLength.sizeBytes).toBe(2_000);
    });

    it('stops a download that sends more than it said, while reading', async () => {
      const client = clientFor();
      const doc = api.queueDocument(42, Buffer.alloc(500_000, 2), { claimedSize: 10 }).message!
        .document!;
      const file = await client.getFile(doc.file_id);
      expect(file.file_size).toBe(10);
      let handedOn = 0;
      const error = await rejection(
        (async () => {
          for await (const chunk of client.downloadFile(file, { maxBytes: 100_000 })) {
            handedOn += chunk.byteLength;
          }
        })(),
      );
      expect(error).toBeInstanceOf(TelegramFileTooLargeError);
      expect(handedOn).toBeLessThanOrEqual(100_000);
    });

    it('reports a failed or dropped download as the Bot API failures it is', async () => {
      const client = clientFor();
      const doc = api.queueDocument(42, 'content').message!.document!;
      const file = await client.getFile(doc.file_id);
      api.failNext('download', { status: 502 });
      const failed = (await rejection(collect(client.downloadFile(file)))) as TelegramApiError;
      expect(failed.failure).toBe(TelegramFailure.Transient);
      api.failNext('download', { kind: 'reset' });
      const dropped = (await rejection(collect(client.downloadFile(file)))) as TelegramApiError;
      expect(dropped.failure).toBe(TelegramFailure.Transient);
      expect(dropped.message).not.toContain(TOKEN);
      const gone = (await rejection(
        collect(client.downloadFile({ ...file, file_path: 'documents/gone' })),
      )) as TelegramApiError;
      expect(gone.failure).toBe(TelegramFailure.Rejected);
      expect(await collect(client.downloadFile(file))).toEqual(Buffer.from('content'));
    });

    it('uploads a document as multipart, with an HTML caption, as a reply', async () => {
      const client = clientFor();
      const question = api.queueMessage(42, '/get kr4:1 notes.md').message!;
      const sent = await client.sendDocument(
        '42',
        { name: 'notes.md', content: Buffer.from('# Notes\n'), contentType: 'text/markdown' },
        { captionHtml: '<code>notes.md</code> · 8 B', replyToMessageId: question.message_id },
      );
      const [file] = api.sentFiles(42);
      expect(file).toEqual(
        expect.objectContaining({
          method: 'sendDocument',
          fileName: 'notes.md',
          contentType: 'text/markdown',
          caption: 'notes.md · 8 B',
          replyToMessageId: question.message_id,
        }),
      );
      expect(file?.content.toString()).toBe('# Notes\n');
      expect(file?.message.message_id).toBe(sent.message_id);
      expect(api.calls('sendDocument')[0]?.params).toMatchObject({
        chat_id: 42,
        parse_mode: 'HTML',
      });
      expect(api.calls('sendDocument')[0]?.params).not.toHaveProperty('disable_notification');
      await client.sendDocument(
        '42',
        { name: 'quiet.md', content: Buffer.from('x') },
        { disableNotification: true },
      );
      expect(api.calls('sendDocument')[1]?.params).toMatchObject({ disable_notification: true });
    });

    it('retries an upload after a server error with the whole file again', async () => {
      const client = clientFor(TOKEN, {
        attempts: 2,
        maxRetryAfterMs: 1_000,
        backoff: { firstMs: 10, maxMs: 20 },
      });
      api.failNext('sendDocument', { status: 500 });
      await client.sendDocument('42', { name: 'a.txt', content: Buffer.from('abc') });
      expect(api.calls('sendDocument').map((call) => call.failed)).toEqual([true, false]);
      expect(api.sentFiles(42)[0]?.content.toString()).toBe('abc');
    });
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
