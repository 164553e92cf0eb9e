import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTelegramBotApi } from './fake-telegram-bot-api.server';
import type { TelegramMessage, TelegramUpdate } from './telegram-bot-api.types';

interface ApiAnswer {
  status: number;
  body: {
    ok: boolean;
    result?: unknown;
    error_code?: number;
    description?: string;
    parameters?: unknown;
  };
}

describe('FakeTelegramBotApi', () => {
  let api: FakeTelegramBotApi;

  beforeEach(async () => {
    api = new FakeTelegramBotApi();
    await api.start();
  });

  afterEach(async () => {
    await api.stop();
  });

  async function post(
    method: string,
    params: Record<string, unknown>,
    token = api.token,
  ): Promise<ApiAnswer> {
    const response = await fetch(`${api.apiRoot}/bot${token}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
  }

  async function send(init: RequestInit & { path: string }): Promise<ApiAnswer> {
    const response = await fetch(`${api.apiRoot}/bot${api.token}/${init.path}`, init);
    return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
  }

  const result = <T>(answer: ApiAnswer): T => {
    expect(answer.body.ok).toBe(true);
    return answer.body.result as T;
  };

  describe('HTTP', () => {
    it('serves getMe over GET and POST with a bot user', async () => {
      expect(api.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const viaGet = await send({ path: 'getMe' });
      expect(viaGet.status).toBe(200);
      expect(viaGet.body).toEqual({
        ok: true,
        result: expect.objectContaining({
          id: expect.any(Number),
          is_bot: true,
          username: 'ccr_test_bot',
        }),
      });
      expect(result(await post('getMe', {}))).toEqual(viaGet.body.result);
      expect(api.calls('getMe')).toHaveLength(2);
    });

    it('answers 401 to another token and records nothing', async () => {
      const answer = await post('getMe', {}, 'OTHER:TOKEN');
      expect(answer).toEqual({
        status: 401,
        body: { ok: false, error_code: 401, description: 'Unauthorized' },
      });
      expect(api.calls()).toEqual([]);
    });

    it('answers 404 to an unknown method, and knows methods in any case', async () => {
      expect(await post('sendTelepathy', {})).toEqual({
        status: 404,
        body: { ok: false, error_code: 404, description: 'Not Found: method not found' },
      });
      expect(result(await post('GETME', {}))).toEqual(expect.objectContaining({ is_bot: true }));
      expect(api.calls().map((c) => c.method)).toEqual(['sendTelepathy', 'getMe']);
    });

    it('reads a form body, leaving text as text but integer fields and JSON fields decoded', async () => {
      const keyboard = { inline_keyboard: [[{ text: 'Allow', callback_data: 'perm:allow:1' }]] };
      const answer = await send({
        path: 'sendMessage',
        method: 'POST',
        body: new URLSearchParams({
          chat_id: '42',
          text: '007',
          disable_notification: 'true',
          reply_markup: JSON.stringify(keyboard),
        }),
      });
      const message = result<TelegramMessage>(answer);
      expect(message.reply_markup).toEqual(keyboard);
      expect(api.calls('sendMessage')[0]?.params).toEqual({
        chat_id: 42,
        text: '007',
        disable_notification: true,
        reply_markup: keyboard,
      });
    });

    it('reads parameters from the query string', async () => {
      const message = result<TelegramMessage>(
        await send({ path: 'sendMessage?chat_id=-100777&text=hi' }),
      );
      expect(message.chat).toEqual({ id: -100777, title: 'Test Supergroup', type: 'supergroup' });
      expect(api.sentMessages(-100777)).toEqual([{ chat_id: -100777, text: 'hi' }]);
    });

    it('reads multipart text fields and files', async () => {
      const form = new FormData();
      form.set('chat_id', '42');
      form.set('caption', 'log <b>tail</b>');
      form.set('parse_mode', 'HTML');
      form.set('document', new Blob(['line 1\nline 2\n'], { type: 'text/plain' }), 'claude.log');
      const message = result<TelegramMessage>(
        await send({ path: 'sendDocument', method: 'POST', body: form }),
      );
      expect(message).toEqual(
        expect.objectContaining({
          chat: expect.objectContaining({ id: 42 }),
          caption: 'log tail',
          caption_entities: [{ type: 'bold', offset: 4, length: 4 }],
          document: expect.objectContaining({
            file_name: 'claude.log',
            mime_type: 'text/plain',
            file_size: 14,
          }),
        }),
      );
      const params = api.calls('sendDocument')[0]?.params ?? {};
      expect(params['chat_id']).toBe(42);
      expect(params['document']).toEqual(
        expect.objectContaining({
          filename: 'claude.log',
          size: 14,
          content: Buffer.from('line 1\nline 2\n'),
        }),
      );

      const text = new FormData();
      text.set('chat_id', '42');
      text.set('text', 'über «multipart»');
      result(await send({ path: 'sendMessage', method: 'POST', body: text }));
      expect(api.sentMessages(42).map((m) => m.text)).toEqual(['über «multipart»']);
    });
  });

  describe('sendMessage and edits', () => {
    it('numbers messages per chat and echoes the chat, text and inline keyboard', async () => {
      const keyboard = { inline_keyboard: [[{ text: 'Deny', callback_data: 'd' }]] };
      const first = result<TelegramMessage>(
        await post('sendMessage', { chat_id: 42, text: 'one', reply_markup: keyboard }),
      );
      const second = result<TelegramMessage>(
        await post('sendMessage', { chat_id: '42', text: 'two' }),
      );
      const elsewhere = result<TelegramMessage>(
        await post('sendMessage', { chat_id: 7, text: 'three' }),
      );
      expect(first).toEqual({
        message_id: 1,
        from: expect.objectContaining({ is_bot: true }),
        chat: expect.objectContaining({ id: 42, type: 'private' }),
        date: expect.any(Number),
        text: 'one',
        reply_markup: keyboard,
      });
      expect([second.message_id, elsewhere.message_id]).toEqual([2, 1]);
      // chat_id sent as "42" compares equal to 42.
      expect(api.sentMessages(42).map((m) => m.text)).toEqual(['one', 'two']);
      expect(api.sentMessages('7').map((m) => m.text)).toEqual(['three']);
      expect(api.sentMessages()).toHaveLength(3);
    });

    it('parses HTML as Telegram shows it, and refuses what Telegram refuses', async () => {
      const ok = result<TelegramMessage>(
        await post('sendMessage', {
          chat_id: 42,
          parse_mode: 'HTML',
          text: '<b>Hi</b> &lt;you&gt; &amp; 😀 <code>x</code>',
        }),
      );
      expect(ok.text).toBe('Hi <you> & 😀 x');
      expect(ok.entities).toEqual([
        { type: 'bold', offset: 0, length: 2 },
        { type: 'code', offset: 14, length: 1 },
      ]);

      const refused = await post('sendMessage', {
        chat_id: 42,
        parse_mode: 'HTML',
        text: 'a <script> b',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.description).toBe(
        'Bad Request: can\'t parse entities: Unsupported start tag "script" at byte offset 2',
      );
      expect(
        (await post('sendMessage', { chat_id: 42, text: 'x'.repeat(4097) })).body.description,
      ).toBe('Bad Request: message is too long');
      expect((await post('sendMessage', { chat_id: 42, text: '' })).body.description).toBe(
        'Bad Request: message text is empty',
      );
      expect((await post('sendMessage', { text: 'x' })).body.description).toBe(
        'Bad Request: chat_id is empty',
      );
      const longData = { inline_keyboard: [[{ text: 'A', callback_data: 'é'.repeat(33) }]] };
      expect(
        (await post('sendMessage', { chat_id: 42, text: 'x', reply_markup: longData })).body
          .description,
      ).toBe('Bad Request: BUTTON_DATA_INVALID');
      // Refused calls are recorded as failed attempts, and are not "sent".
      expect(api.calls('sendMessage').filter((c) => c.failed)).toHaveLength(5);
      expect(api.sentMessages(42)).toHaveLength(1);
    });

    it('attaches the message replied to', async () => {
      const sent = result<TelegramMessage>(
        await post('sendMessage', { chat_id: 42, text: 'notification' }),
      );
      const reply = result<TelegramMessage>(
        await post('sendMessage', {
          chat_id: 42,
          text: 'ack',
          reply_parameters: { message_id: sent.message_id },
        }),
      );
      expect(reply.reply_to_message).toEqual(
        expect.objectContaining({ message_id: sent.message_id, text: 'notification' }),
      );
    });

    it('edits text and keyboard of a sent message, as Telegram does', async () => {
      const keyboard = { inline_keyboard: [[{ text: 'Allow', callback_data: 'a' }]] };
      const sent = result<TelegramMessage>(
        await post('sendMessage', { chat_id: 42, text: 'Allow Bash?', reply_markup: keyboard }),
      );
      const target = { chat_id: 42, message_id: sent.message_id };

      const edited = result<TelegramMessage>(
        await post('editMessageText', { ...target, text: '<i>Allowed</i>', parse_mode: 'HTML' }),
      );
      expect(edited).toEqual(
        expect.objectContaining({
          message_id: sent.message_id,
          text: 'Allowed',
          edit_date: expect.any(Number),
        }),
      );
      // Not repeating the keyboard removes it.
      expect(edited.reply_markup).toBeUndefined();
      expect(api.message(42, sent.message_id)?.text).toBe('Allowed');

      const same = await post('editMessageText', {
        ...target,
        text: '<i>Allowed</i>',
        parse_mode: 'HTML',
      });
      expect(same.status).toBe(400);
      expect(same.body.description).toMatch(/^Bad Request: message is not modified/);

      const withKeyboard = result<TelegramMessage>(
        await post('editMessageReplyMarkup', { ...target, reply_markup: keyboard }),
      );
      expect(withKeyboard.reply_markup).toEqual(keyboard);
      const without = result<TelegramMessage>(await post('editMessageReplyMarkup', target));
      expect(without.reply_markup).toBeUndefined();

      expect(
        (await post('editMessageText', { chat_id: 42, message_id: 99, text: 'x' })).body
          .description,
      ).toBe('Bad Request: message to edit not found');
    });

    it('answers a callback query once', async () => {
      result(await post('sendMessage', { chat_id: 42, text: 'Allow?' }));
      const update = api.queueCallbackQuery(42, 'perm:allow:1');
      const id = update.callback_query?.id;
      expect(
        result(await post('answerCallbackQuery', { callback_query_id: id, text: 'Allowed' })),
      ).toBe(true);
      const again = await post('answerCallbackQuery', { callback_query_id: id });
      expect(again.body.description).toBe(
        'Bad Request: query is too old and response timeout expired or query ID is invalid',
      );
      expect((await post('answerCallbackQuery', { callback_query_id: 'nope' })).status).toBe(400);
    });

    it('keeps commands and webhook settings, and answers the simple methods with true', async () => {
      const commands = [{ command: 'sessions', description: 'List sessions' }];
      expect(result(await post('setMyCommands', { commands }))).toBe(true);
      expect(result(await post('getMyCommands', {}))).toEqual(commands);
      expect(result(await post('deleteMyCommands', {}))).toBe(true);
      expect(result(await post('getMyCommands', {}))).toEqual([]);
      expect(
        (await post('setMyCommands', { commands: [{ command: 'Bad Name', description: 'x' }] }))
          .status,
      ).toBe(400);

      expect(result(await post('sendChatAction', { chat_id: 42, action: 'typing' }))).toBe(true);

      expect(
        result(await post('setWebhook', { url: 'https://bot.example/tg', secret_token: 's3cret' })),
      ).toBe(true);
      expect(result(await post('getWebhookInfo', {}))).toEqual(
        expect.objectContaining({ url: 'https://bot.example/tg', pending_update_count: 0 }),
      );
      const whileWebhook = await post('getUpdates', {});
      expect(whileWebhook.status).toBe(409);
      expect(result(await post('deleteWebhook', { drop_pending_updates: true }))).toBe(true);
      expect(result(await post('getWebhookInfo', {}))).toEqual(
        expect.objectContaining({ url: '' }),
      );
    });
  });

  describe('getUpdates', () => {
    it('holds a long poll until an update is queued, then returns it', async () => {
      const poll = post('getUpdates', { timeout: 30 });
      await api.waitForCalls('getUpdates', 1);
      const queued = api.queueMessage(42, '/sessions');
      const updates = result<TelegramUpdate[]>(await poll);
      expect(updates).toEqual([queued]);
      expect(queued.message).toEqual(
        expect.objectContaining({
          text: '/sessions',
          chat: expect.objectContaining({ id: 42, type: 'private' }),
          from: expect.objectContaining({ id: 42, is_bot: false }),
          entities: [{ type: 'bot_command', offset: 0, length: 9 }],
        }),
      );
    });

    it('returns nothing once the timeout passes with no update', async () => {
      const answer = await post('getUpdates', { timeout: 1 });
      expect(answer).toEqual({ status: 200, body: { ok: true, result: [] } });
    });

    it('returns updates from offset on, forgetting the ones below it, at most limit', async () => {
      const [a, b, c] = [
        api.queueMessage(1, 'a'),
        api.queueMessage(1, 'b'),
        api.queueMessage(1, 'c'),
      ];
      expect([a.update_id + 1, a.update_id + 2]).toEqual([b.update_id, c.update_id]);

      const ids = (updates: TelegramUpdate[]) => updates.map((u) => u.update_id);
      expect(ids(result(await post('getUpdates', {})))).toEqual([
        a.update_id,
        b.update_id,
        c.update_id,
      ]);
      expect(ids(result(await post('getUpdates', { offset: b.update_id, limit: 1 })))).toEqual([
        b.update_id,
      ]);
      // a was confirmed by offset b: gone even without an offset now.
      expect(ids(result(await post('getUpdates', {})))).toEqual([b.update_id, c.update_id]);
      expect(ids(api.pendingUpdates())).toEqual([b.update_id, c.update_id]);
      expect(ids(result(await post('getUpdates', { offset: c.update_id + 1 })))).toEqual([]);
      expect(api.pendingUpdates()).toEqual([]);
    });

    it('keeps a given update_id and numbers the next ones after it', async () => {
      expect(
        api.queueUpdate({ update_id: 500, message: api.queueMessage(3, 'x').message }).update_id,
      ).toBe(500);
      expect(api.queueMessage(3, 'y').update_id).toBe(501);
    });

    it('builds replies and button presses on the messages of the chat', async () => {
      const sent = result<TelegramMessage>(
        await post('sendMessage', { chat_id: 42, text: 'Claude finished' }),
      );
      const reply = api.queueMessage(42, 'run the tests', { replyToMessage: sent.message_id });
      expect(reply.message?.reply_to_message).toEqual(
        expect.objectContaining({ message_id: sent.message_id, text: 'Claude finished' }),
      );
      expect(reply.message?.message_id).toBe(sent.message_id + 1);
      expect(reply.message?.entities).toBeUndefined();

      const press = api.queueCallbackQuery(42, 'perm:deny:7');
      expect(press.callback_query).toEqual(
        expect.objectContaining({
          data: 'perm:deny:7',
          from: expect.objectContaining({ id: 42 }),
          message: expect.objectContaining({ message_id: sent.message_id }),
          chat_instance: expect.any(String),
        }),
      );
    });

    it('ends an earlier poll with 409 when a second one starts, as Telegram does', async () => {
      const first = post('getUpdates', { timeout: 30 });
      await api.waitForCalls('getUpdates', 1);
      const second = post('getUpdates', { timeout: 0 });
      const answer = await first;
      expect(answer.status).toBe(409);
      expect(answer.body.description).toMatch(/^Conflict: terminated by other getUpdates request/);
      await second;
    });

    it('ends pending long polls when stopped', async () => {
      const poll = post('getUpdates', { timeout: 30 });
      await api.waitForCalls('getUpdates', 1);
      await api.stop();
      expect(await poll).toEqual({ status: 200, body: { ok: true, result: [] } });
      await expect(fetch(api.methodUrl('getMe'))).rejects.toThrow();
    });
  });

  describe('failNext', () => {
    it('answers 429 with retry_after, then succeeds', async () => {
      api.failNext('sendMessage', { status: 429, retryAfter: 3 });
      const limited = await post('sendMessage', { chat_id: 42, text: 'hi' });
      expect(limited).toEqual({
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests: retry after 3',
          parameters: { retry_after: 3 },
        },
      });
      expect(
        result<TelegramMessage>(await post('sendMessage', { chat_id: 42, text: 'hi' })).message_id,
      ).toBe(1);
      expect(api.calls('sendMessage').map((c) => [c.failed, c.status])).toEqual([
        [true, 429],
        [false, 200],
      ]);
      expect(api.sentMessages(42)).toHaveLength(1);
    });

    it('answers 500 and 400 as many times as asked', async () => {
      api.failNext('sendMessage', { status: 500 }, 2);
      api.failNext('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
      const answers = [];
      for (let i = 0; i < 4; i += 1)
        answers.push(await post('sendMessage', { chat_id: 42, text: 'hi' }));
      expect(answers.map((a) => [a.status, a.body.description])).toEqual([
        [500, 'Internal Server Error'],
        [500, 'Internal Server Error'],
        [400, 'Bad Request: chat not found'],
        [200, undefined],
      ]);
      // Other methods are not affected.
      api.failNext('sendMessage', { status: 500 });
      expect((await post('getMe', {})).status).toBe(200);
    });

    it('resets the connection, then succeeds', async () => {
      api.failNext('sendMessage', { kind: 'reset' });
      await expect(post('sendMessage', { chat_id: 42, text: 'hi' })).rejects.toThrow();
      expect(
        result<TelegramMessage>(await post('sendMessage', { chat_id: 42, text: 'hi' })).text,
      ).toBe('hi');
      const [reset, delivered] = api.calls('sendMessage');
      expect(reset).toEqual(
        expect.objectContaining({ failed: true, params: { chat_id: 42, text: 'hi' } }),
      );
      expect(reset?.status).toBeUndefined();
      expect(delivered?.failed).toBe(false);
    });
  });

  describe('waitForCalls', () => {
    it('resolves once enough calls arrive', async () => {
      const waiting = api.waitForCalls('sendMessage', 2);
      await post('sendMessage', { chat_id: 1, text: 'a' });
      await post('sendMessage', { chat_id: 1, text: 'b' });
      const calls = await waiting;
      expect(calls.map((c) => c.params['text'])).toEqual(['a', 'b']);
      expect(calls[0]?.at).toBeInstanceOf(Date);
      expect(calls[1]?.result).toEqual(expect.objectContaining({ message_id: 2 }));
    });

    it('rejects on timeout, listing the calls it saw', async () => {
      await post('sendMessage', { chat_id: 1, text: 'only one' });
      await post('getUpdates', {});
      await expect(api.waitForCalls('sendMessage', 2, 100)).rejects.toThrow(
        /waiting for 2 sendMessage call\(s\) \(saw 1\)[\s\S]*plus 1 getUpdates[\s\S]*sendMessage \{"chat_id":1,"text":"only one"\}/,
      );
    });

    it('waits for delivered messages only', async () => {
      api.failNext('sendMessage', { status: 429, retryAfter: 1 });
      const waiting = api.waitForSentMessages(1, { chatId: 5 });
      await post('sendMessage', { chat_id: 5, text: 'first try' });
      await post('sendMessage', { chat_id: 5, text: 'second try' });
      expect((await waiting).map((m) => m.text)).toEqual(['second try']);
    });

    it('waits for the first delivered message a predicate accepts', async () => {
      const waiting = api.waitForSentMessage((m) => m.text.startsWith('answer'), { chatId: 5 });
      await post('sendMessage', { chat_id: 5, text: 'noise' });
      await post('sendMessage', { chat_id: 6, text: 'answer elsewhere' });
      await post('sendMessage', { chat_id: 5, text: 'answer here' });
      expect((await waiting).text).toBe('answer here');
      await expect(
        api.waitForSentMessage((m) => m.text === 'never', { timeoutMs: 100, what: 'a ghost' }),
      ).rejects.toThrow(/waiting for a ghost/);
    });
  });

  describe('files', () => {
    const download = (filePath: string, token = api.token) =>
      fetch(`${api.apiRoot}/file/bot${token}/${filePath}`);

    it('delivers a photo in two sizes, the largest last, each downloadable through getFile', async () => {
      const update = api.queuePhoto(42, Buffer.from('a screenshot'), {
        caption: '/cmd kr4:1 what is wrong here?',
      });
      const message = update.message!;
      expect(message.caption).toBe('/cmd kr4:1 what is wrong here?');
      expect(message.caption_entities).toEqual([{ type: 'bot_command', offset: 0, length: 4 }]);
      expect(message.text).toBeUndefined();
      const sizes = message.photo!;
      expect(sizes.map((size) => size.width)).toEqual([90, 1280]);
      const file = result<{ file_path: string; file_size: number }>(
        await post('getFile', { file_id: sizes[1]!.file_id }),
      );
      expect(file.file_size).toBe(12);
      const response = await download(file.file_path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-length')).toBe('12');
      expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('a screenshot');
      expect(api.calls('download').map((call) => call.params)).toEqual([
        { file_path: file.file_path },
      ]);
    });

    it('delivers documents and voice messages, replying to a message when asked', async () => {
      const note = (await post('sendMessage', { chat_id: 42, text: 'notification' })).body
        .result as TelegramMessage;
      const doc = api.queueDocument(42, 'log line\n', {
        fileName: 'build.log',
        mimeType: 'text/plain',
        replyToMessage: note.message_id,
      }).message!;
      expect(doc.document).toEqual(
        expect.objectContaining({ file_name: 'build.log', mime_type: 'text/plain', file_size: 9 }),
      );
      expect(doc.reply_to_message?.message_id).toBe(note.message_id);
      const voice = api.queueVoice(42, 'run the tests', { duration: 2 }).message!;
      expect(voice.voice).toEqual(
        expect.objectContaining({ duration: 2, mime_type: 'audio/ogg', file_size: 13 }),
      );
      const path = result<{ file_path: string }>(
        await post('getFile', { file_id: voice.voice!.file_id }),
      ).file_path;
      expect(path).toMatch(/^voice\/.+\.oga$/);
      expect(await (await download(path)).text()).toBe('run the tests');
    });

    it('refuses what Telegram refuses: an unknown file_id, a file over 20 MB, a wrong token', async () => {
      expect((await post('getFile', { file_id: 'nope' })).body.description).toBe(
        'Bad Request: invalid file_id',
      );
      const big = api.queueDocument(42, 'small really', { claimedSize: 21 * 1024 * 1024 }).message!
        .document!;
      expect(big.file_size).toBe(21 * 1024 * 1024);
      expect((await post('getFile', { file_id: big.file_id })).body.description).toBe(
        'Bad Request: file is too big',
      );
      expect((await download('documents/none')).status).toBe(404);
      const known = api.file(big.file_id)!;
      expect((await download(known.filePath, 'OTHER:TOKEN')).status).toBe(404);
    });

    it('serves a file whose size it misreports without Content-Length, and fails downloads on demand', async () => {
      const doc = api.queueDocument(42, Buffer.alloc(100_000, 7), { claimedSize: 10 }).message!
        .document!;
      const { file_path: path } = result<{ file_path: string }>(
        await post('getFile', { file_id: doc.file_id }),
      );
      const response = await download(path);
      expect(response.headers.get('content-length')).toBeNull();
      expect((await response.arrayBuffer()).byteLength).toBe(100_000);
      api.failNext('download', { status: 502 });
      expect((await download(path)).status).toBe(502);
      api.failNext('download', { kind: 'reset' });
      await expect(download(path)).rejects.toThrow();
      expect(api.calls('download').map((call) => call.failed)).toEqual([false, true, true]);
    });

    it('keeps the files the bot sends as documents and photos, with caption and reply', async () => {
      const question = api.queueMessage(42, '/get kr4:1 notes.md').message!;
      const form = new FormData();
      form.set('chat_id', '42');
      form.set('caption', '<code>notes.md</code> from kr4');
      form.set('parse_mode', 'HTML');
      form.set('reply_parameters', JSON.stringify({ message_id: question.message_id }));
      form.set('document', new Blob(['# Notes\n'], { type: 'text/markdown' }), 'notes.md');
      const sent = result<TelegramMessage>(
        await send({ path: 'sendDocument', method: 'POST', body: form }),
      );
      expect(sent.reply_to_message?.message_id).toBe(question.message_id);
      const photo = new FormData();
      photo.set('chat_id', '42');
      photo.set('photo', new Blob([Buffer.from('png bytes')], { type: 'image/png' }), 'shot.png');
      result(await send({ path: 'sendPhoto', method: 'POST', body: photo }));

      const files = api.sentFiles(42);
      expect(files.map((f) => [f.method, f.fileName, f.caption, f.replyToMessageId])).toEqual([
        ['sendDocument', 'notes.md', 'notes.md from kr4', question.message_id],
        ['sendPhoto', 'shot.png', undefined, undefined],
      ]);
      expect(files[0]!.content.toString()).toBe('# Notes\n');
      const again = await api.waitForSentFile((f) => f.method === 'sendPhoto');
      expect(again.content.toString()).toBe('png bytes');
      // What the bot sent can be fetched again by its file_id, as Telegram allows.
      const fileId = sent.document!.file_id;
      expect(
        result<{ file_size: number }>(await post('getFile', { file_id: fileId })).file_size,
      ).toBe(8);
      const empty = new FormData();
      empty.set('chat_id', '42');
      empty.set('document', new Blob([]), 'empty.txt');
      expect(
        (await send({ path: 'sendDocument', method: 'POST', body: empty })).body.description,
      ).toBe('Bad Request: file must be non-empty');
    });
  });

  it('reset forgets calls, failures, updates and chats', async () => {
    await post('sendMessage', { chat_id: 1, text: 'a' });
    api.failNext('getMe', { status: 500 });
    api.queueMessage(1, 'b');
    api.reset();
    expect(api.calls()).toEqual([]);
    expect(api.pendingUpdates()).toEqual([]);
    expect(api.chatMessages(1)).toEqual([]);
    expect((await post('getMe', {})).status).toBe(200);
  });

  it('posts updates to the webhook with its secret token', async () => {
    const received: { secret: string | undefined; update: unknown }[] = [];
    const bot: Server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({
          secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
          update: JSON.parse(body),
        });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/telegram`;
      result(await post('setWebhook', { url, secret_token: 'hook-secret' }));
      const answer = await api.postToWebhook(api.messageUpdate(9, 'hello'));
      expect(answer).toEqual({ status: 200, body: 'ok' });
      const press = api.callbackQueryUpdate(9, 'perm:allow:1');
      await api.postToWebhook(press);
      expect(received).toEqual([
        {
          secret: 'hook-secret',
          update: expect.objectContaining({
            update_id: expect.any(Number),
            message: expect.objectContaining({ text: 'hello' }),
          }),
        },
        {
          secret: 'hook-secret',
          update: expect.objectContaining({
            callback_query: expect.objectContaining({ data: 'perm:allow:1' }),
          }),
        },
      ]);
      // Delivered, not queued; and the bot can answer the press it was sent.
      expect(api.pendingUpdates()).toEqual([]);
      const id = press.callback_query?.id;
      expect(result(await post('answerCallbackQuery', { callback_query_id: id }))).toBe(true);
    } finally {
      await new Promise((resolve) => bot.close(resolve));
    }
  });
});
