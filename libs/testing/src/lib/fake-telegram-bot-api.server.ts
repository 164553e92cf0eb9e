import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type FakeUploadedFile,
  TelegramApiError,
  readBody,
  requestParams,
} from './request-body.util';
import type {
  NewTelegramUpdate,
  TelegramCallbackQuery,
  TelegramChat,
  TelegramInlineKeyboardMarkup,
  TelegramMessage,
  TelegramMessageEntity,
  TelegramPhotoSize,
  TelegramUpdate,
  TelegramUser,
  TelegramWebhookInfo,
} from './telegram-bot-api.types';
import { listenOnLoopback } from './loopback-port.util';
import { TelegramHtmlError, parseTelegramHtml } from './telegram-html.util';
import {
  FAKE_DOWNLOAD_LIMIT_BYTES,
  FakeFileStore,
  telegramFileOf,
  type FakeStoredFile,
} from './fake-telegram-files.util';

export interface FakeTelegramBotApiOptions {
  /** The only token answered; any other gets 401. */
  token?: string;
  /** `username` of the bot in getMe and in the messages it sends. */
  botUsername?: string;
  botFirstName?: string;
}

/** What the next call(s) of a method answer instead of a result. */
export type FakeFailure =
  | { status: 429; retryAfter: number; description?: string }
  | { status: 400 | 401 | 403 | 404 | 409 | 500 | 502 | 503 | 504; description?: string }
  /** The connection is destroyed after the request is read: the client sees a reset. */
  | { kind: 'reset' };

/** One request the fake received for the bot's token. */
export interface FakeBotApiCall {
  /** Telegram's spelling (`sendMessage`) whatever case the client used. */
  method: string;
  /**
   * Query string and body, merged. Form, multipart and query values are text, except that
   * integer fields such as `chat_id` and `message_id` are numbers (whatever the client sent),
   * `true`/`false` are booleans, and JSON-valued fields such as `reply_markup` are decoded.
   * Uploaded files are FakeUploadedFile objects.
   */
  params: Record<string, unknown>;
  at: Date;
  /** True when the answer was not `ok`: a scripted failure, a refused request, a reset. */
  failed: boolean;
  /** HTTP status answered; absent while a long poll waits and after a reset. */
  status?: number;
  result?: unknown;
  /** Telegram's `description` of a failure. */
  description?: string;
}

/** The parameters of a sendMessage call, as recorded. */
export interface SentMessageParams {
  chat_id: number | string;
  text: string;
  parse_mode?: string;
  reply_markup?: unknown;
  [key: string]: unknown;
}

/** Fields of a queued user message to override; `replyToMessage` may be a message id in the chat. */
export type QueueMessageExtra = Partial<TelegramMessage> & {
  replyToMessage?: TelegramMessage | number;
};

/**
 * A photo, document or voice message the user sends: its caption (a leading `/command` gets its
 * bot_command entity), and the size Telegram reports when it should not be the content's (see
 * FakeFileOptions.claimedSize).
 */
export type QueueMediaExtra = QueueMessageExtra & {
  caption?: string;
  claimedSize?: number;
};

export type QueueDocumentExtra = QueueMediaExtra & { fileName?: string; mimeType?: string };

export type QueueVoiceExtra = QueueMediaExtra & { duration?: number; mimeType?: string };

/** A file the bot sent (sendDocument or sendPhoto), as delivered. */
export interface SentFile {
  method: 'sendDocument' | 'sendPhoto';
  chatId: number;
  /** The message Telegram made of it. */
  message: TelegramMessage;
  /** The caption as the chat shows it (tags dropped), or undefined. */
  caption: string | undefined;
  fileName: string;
  contentType: string | null;
  content: Buffer;
  /** The message it replies to, if it was sent as a reply. */
  replyToMessageId: number | undefined;
}

type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; status: number; description: string; parameters?: Record<string, unknown> };

interface Poller {
  offset: number;
  limit: number;
  finish(outcome: Outcome): void;
}

type Handler = (params: Record<string, unknown>) => unknown;

const DEFAULT_TOKEN = 'TEST:TOKEN';
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const MAX_TEXT_LENGTH = 4096;
const MAX_CALLBACK_DATA_BYTES = 64;
const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

const DEFAULT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden: bot was blocked by the user',
  404: 'Not Found',
  409: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function badRequest(description: string): TelegramApiError {
  return new TelegramApiError(400, `Bad Request: ${description}`);
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const COMMAND_AT_START = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/;

/** The bot_command entity Telegram gives text or a caption that starts with a command. */
function commandEntity(text: string): TelegramMessageEntity | undefined {
  const command = COMMAND_AT_START.exec(text);
  return command ? { type: 'bot_command', offset: 0, length: command[0].length } : undefined;
}

/** The message fields of a queue call's extra, without the options that are not fields. */
function messageFields(extra: QueueMediaExtra): Partial<TelegramMessage> {
  const fields: Record<string, unknown> = { ...extra };
  for (const option of ['replyToMessage', 'caption', 'claimedSize']) delete fields[option];
  return fields as Partial<TelegramMessage>;
}

function integerParam(params: Record<string, unknown>, name: string, fallback: number): number {
  const value = params[name];
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw badRequest(`invalid ${name} specified`);
}

/**
 * A Telegram Bot API server on loopback for end-to-end tests: it answers `/bot<TOKEN>/<method>`
 * over real HTTP as Telegram does, records every call, serves long polling from a queue the test
 * fills, and fails calls on demand (429 with retry_after, 5xx, 400, connection reset).
 *
 * It keeps what a chat holds (messages the bot sent and the user wrote) so that edits, replies
 * and button presses refer to real messages, and refuses what Telegram refuses: HTML that does
 * not parse, text over 4096 characters, callback data over 64 bytes, edits that change nothing,
 * answering a callback query twice.
 */
export class FakeTelegramBotApi {
  readonly token: string;
  readonly botUser: TelegramUser;

  private server: Server | null = null;
  private port = 0;
  private readonly recorded: FakeBotApiCall[] = [];
  private readonly callListeners = new Set<() => void>();
  private readonly failures = new Map<string, FakeFailure[]>();
  private readonly pollers = new Set<Poller>();
  private updates: TelegramUpdate[] = [];
  private nextUpdateId = 1;
  private readonly chats = new Map<string, Map<number, TelegramMessage>>();
  private readonly lastMessageId = new Map<string, number>();
  private readonly callbackQueries = new Map<string, { answered: boolean }>();
  private nextCallbackQueryId = 1;
  private readonly commands = new Map<string, unknown[]>();
  private readonly files = new FakeFileStore();
  private readonly sent: SentFile[] = [];
  private webhook: { url: string; secretToken?: string; allowedUpdates?: string[] } | null = null;
  private readonly handlers: Readonly<Record<string, Handler>>;

  constructor(options: FakeTelegramBotApiOptions = {}) {
    this.token = options.token ?? DEFAULT_TOKEN;
    const tokenId = Number(/^(\d+):/.exec(this.token)?.[1]);
    this.botUser = {
      id: Number.isSafeInteger(tokenId) && tokenId > 0 ? tokenId : 7000000001,
      is_bot: true,
      first_name: options.botFirstName ?? 'CCR Test Bot',
      username: options.botUsername ?? 'ccr_test_bot',
    };
    this.handlers = {
      getMe: () => ({
        ...this.botUser,
        can_join_groups: true,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
      }),
      sendMessage: (p) => this.sendMessage(p),
      sendDocument: (p) => this.sendFile('sendDocument', p),
      sendPhoto: (p) => this.sendFile('sendPhoto', p),
      getFile: (p) => this.getFile(p),
      editMessageText: (p) => this.editMessageText(p),
      editMessageReplyMarkup: (p) => this.editMessageReplyMarkup(p),
      deleteMessage: (p) => this.deleteMessage(p),
      answerCallbackQuery: (p) => this.answerCallbackQuery(p),
      sendChatAction: (p) => {
        this.chatOf(p['chat_id']);
        if (typeof p['action'] !== 'string' || p['action'] === '') {
          throw badRequest('wrong parameter action in request');
        }
        return true;
      },
      getChat: (p) => this.chatOf(p['chat_id']),
      setMyCommands: (p) => this.setMyCommands(p),
      getMyCommands: (p) => clone(this.commands.get(this.commandsKey(p)) ?? []),
      deleteMyCommands: (p) => {
        this.commands.delete(this.commandsKey(p));
        return true;
      },
      setWebhook: (p) => this.setWebhook(p),
      deleteWebhook: (p) => {
        this.webhook = null;
        if (p['drop_pending_updates'] === true) this.updates = [];
        return true;
      },
      getWebhookInfo: () => this.webhookInfo(),
      logOut: () => true,
      close: () => true,
    };
  }

  /** Listens on 127.0.0.1, on a port the system picks. */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.answer(res, {
          ok: false,
          status: 500,
          description: `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`,
        });
      });
    });
    this.port = await listenOnLoopback(server);
    this.server = server;
  }

  /** Ends pending long polls with no updates, closes every connection and the server. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const poller of [...this.pollers]) poller.finish({ ok: true, result: [] });
    // Let the ended long polls write their answers before connections are closed.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), 200);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  }

  /** `http://127.0.0.1:PORT`: what TELEGRAM_API_ROOT should be. */
  get apiRoot(): string {
    if (!this.port) throw new Error('FakeTelegramBotApi: start() it first');
    return `http://127.0.0.1:${this.port}`;
  }

  /** URL of one method for this bot, for tests that call the fake directly. */
  methodUrl(method: string): string {
    return `${this.apiRoot}/bot${this.token}/${method}`;
  }

  /** Every call recorded, oldest first, or those of one method. */
  calls(method?: string): FakeBotApiCall[] {
    if (method === undefined) return [...this.recorded];
    const wanted = this.canonicalMethod(method);
    return this.recorded.filter((call) => call.method === wanted);
  }

  /** Parameters of the sendMessage calls that were answered ok, to one chat or to all. */
  sentMessages(chatId?: number | string): SentMessageParams[] {
    return this.calls('sendMessage')
      .filter((call) => !call.failed && call.status === 200)
      .map((call) => call.params as SentMessageParams)
      .filter((params) => chatId === undefined || String(params.chat_id) === String(chatId));
  }

  /**
   * Resolves with the calls of `method` once at least `count` are recorded (failed attempts
   * count too); rejects after `timeoutMs` naming what was seen instead.
   */
  waitForCalls(method: string, count: number, timeoutMs = 10_000): Promise<FakeBotApiCall[]> {
    const wanted = this.canonicalMethod(method);
    return this.waitUntil(
      () => {
        const found = this.calls(wanted);
        return found.length >= count ? found : undefined;
      },
      () => `${count} ${wanted} call(s) (saw ${this.calls(wanted).length})`,
      timeoutMs,
    );
  }

  /** Like waitForCalls, counting only messages delivered (answered ok), to one chat or to all. */
  waitForSentMessages(
    count: number,
    options: { chatId?: number | string; timeoutMs?: number } = {},
  ): Promise<SentMessageParams[]> {
    return this.waitUntil(
      () => {
        const sent = this.sentMessages(options.chatId);
        return sent.length >= count ? sent : undefined;
      },
      () =>
        `${count} delivered message(s)${options.chatId === undefined ? '' : ` to chat ${options.chatId}`} (saw ${this.sentMessages(options.chatId).length})`,
      options.timeoutMs ?? 10_000,
    );
  }

  /**
   * Resolves with the first message delivered (answered ok) that `predicate` accepts, to one
   * chat or to all; rejects after `timeoutMs` naming what was seen instead.
   */
  waitForSentMessage(
    predicate: (message: SentMessageParams) => boolean,
    options: { chatId?: number | string; timeoutMs?: number; what?: string } = {},
  ): Promise<SentMessageParams> {
    return this.waitUntil(
      () => this.sentMessages(options.chatId).find(predicate),
      () => options.what ?? 'a delivered message that matches',
      options.timeoutMs ?? 10_000,
    );
  }

  /**
   * The next `times` calls of `method` fail this way. A failed call is still recorded, with
   * `failed: true`, so a test can count attempts.
   */
  failNext(method: string, failure: FakeFailure, times = 1): void {
    const key = this.canonicalMethod(method);
    const queue = this.failures.get(key) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(key, queue);
  }

  /** Forgets calls, scripted failures, queued updates, chats, commands and the webhook. */
  reset(): void {
    this.recorded.length = 0;
    this.failures.clear();
    this.updates = [];
    this.chats.clear();
    this.callbackQueries.clear();
    this.commands.clear();
    this.files.clear();
    this.sent.length = 0;
    this.webhook = null;
    // update_id and message_id keep counting up: a client still polling with a high offset
    // must see what is queued next.
  }

  /** Queues an update for getUpdates, numbering it when it has no update_id, and wakes pollers. */
  queueUpdate(update: NewTelegramUpdate): TelegramUpdate {
    const queued = this.admit(update);
    this.updates.push(queued);
    this.updates.sort((a, b) => a.update_id - b.update_id);
    this.wakePollers();
    return clone(queued);
  }

  /**
   * Queues a message the user writes in a chat (private when the id is positive). A leading
   * `/command` gets its bot_command entity, as Telegram sends it.
   */
  queueMessage(chatId: number, text: string, extra: QueueMessageExtra = {}): TelegramUpdate {
    return this.queueUpdate(this.messageUpdate(chatId, text, extra));
  }

  /**
   * Queues a press on an inline button with `data`, under `message` (a message or its id in the
   * chat; by default the last message the bot sent there).
   */
  queueCallbackQuery(
    chatId: number,
    data: string,
    message?: TelegramMessage | number,
  ): TelegramUpdate {
    return this.queueUpdate(this.callbackQueryUpdate(chatId, data, message));
  }

  /** The update queueMessage queues, built without queueing it (for postToWebhook). */
  messageUpdate(chatId: number, text: string, extra: QueueMessageExtra = {}): NewTelegramUpdate {
    const message = this.userMessage(chatId, extra, { text });
    const command = commandEntity(text);
    if (command) message.entities = [command];
    return { message: { ...message, ...messageFields(extra) } };
  }

  /**
   * Queues a photo the user sends, as Telegram delivers it: a small thumbnail and the photo
   * itself (`content`, the largest size, last), each with its own file to download.
   */
  queuePhoto(
    chatId: number,
    content: Buffer | string,
    extra: QueueMediaExtra = {},
  ): TelegramUpdate {
    return this.queueUpdate(this.photoUpdate(chatId, content, extra));
  }

  /** The update queuePhoto queues, built without queueing it (for postToWebhook). */
  photoUpdate(
    chatId: number,
    content: Buffer | string,
    extra: QueueMediaExtra = {},
  ): NewTelegramUpdate {
    const full = this.files.add(content, {
      folder: 'photos',
      extension: 'jpg',
      claimedSize: extra.claimedSize,
    });
    const thumbnail = this.files.add(full.content.subarray(0, 64), {
      folder: 'photos',
      extension: 'jpg',
    });
    const size = (file: FakeStoredFile, width: number, height: number): TelegramPhotoSize => ({
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.claimedSize,
      width,
      height,
    });
    return this.mediaUpdate(
      chatId,
      { photo: [size(thumbnail, 90, 68), size(full, 1280, 960)] },
      extra,
    );
  }

  /** Queues a file the user sends as a document. */
  queueDocument(
    chatId: number,
    content: Buffer | string,
    extra: QueueDocumentExtra = {},
  ): TelegramUpdate {
    return this.queueUpdate(this.documentUpdate(chatId, content, extra));
  }

  /** The update queueDocument queues, built without queueing it (for postToWebhook). */
  documentUpdate(
    chatId: number,
    content: Buffer | string,
    extra: QueueDocumentExtra = {},
  ): NewTelegramUpdate {
    const { fileName, mimeType, ...rest } = extra;
    const file = this.files.add(content, { folder: 'documents', claimedSize: extra.claimedSize });
    const document = {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      ...(fileName === undefined ? {} : { file_name: fileName }),
      ...(mimeType === undefined ? {} : { mime_type: mimeType }),
      file_size: file.claimedSize,
    };
    return this.mediaUpdate(chatId, { document }, rest);
  }

  /** Queues a voice message the user records (OGG/Opus, as Telegram's apps record them). */
  queueVoice(
    chatId: number,
    content: Buffer | string,
    extra: QueueVoiceExtra = {},
  ): TelegramUpdate {
    return this.queueUpdate(this.voiceUpdate(chatId, content, extra));
  }

  /** The update queueVoice queues, built without queueing it (for postToWebhook). */
  voiceUpdate(
    chatId: number,
    content: Buffer | string,
    extra: QueueVoiceExtra = {},
  ): NewTelegramUpdate {
    const { duration, mimeType, ...rest } = extra;
    const file = this.files.add(content, {
      folder: 'voice',
      extension: 'oga',
      claimedSize: extra.claimedSize,
    });
    const voice = {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      duration: duration ?? 3,
      mime_type: mimeType ?? 'audio/ogg',
      file_size: file.claimedSize,
    };
    return this.mediaUpdate(chatId, { voice }, rest);
  }

  /** A file the fake holds, by file_id: what a message sent or the bot uploaded. */
  file(fileId: string): FakeStoredFile | undefined {
    return this.files.get(fileId);
  }

  /** Files the bot sent (sendDocument, sendPhoto) and Telegram accepted, to one chat or to all. */
  sentFiles(chatId?: number): SentFile[] {
    return this.sent.filter((file) => chatId === undefined || file.chatId === chatId);
  }

  /** Resolves with the first file the bot sent that `predicate` accepts. */
  waitForSentFile(
    predicate: (file: SentFile) => boolean,
    options: { timeoutMs?: number; what?: string } = {},
  ): Promise<SentFile> {
    return this.waitUntil(
      () => this.sent.find(predicate),
      () => options.what ?? 'a sent file that matches',
      options.timeoutMs ?? 10_000,
    );
  }

  /** A message from the user in a chat, replying to `extra.replyToMessage` if given. */
  private userMessage(
    chatId: number,
    extra: QueueMessageExtra,
    content: Partial<TelegramMessage>,
  ): TelegramMessage {
    const chat = this.chatOf(chatId);
    const message: TelegramMessage = {
      message_id: this.nextMessageId(chat.id),
      from: this.userIn(chat),
      chat,
      date: unixNow(),
      ...content,
    };
    if (extra.replyToMessage !== undefined) {
      message.reply_to_message = this.resolveMessage(chat.id, extra.replyToMessage);
    }
    return message;
  }

  private mediaUpdate(
    chatId: number,
    media: Partial<TelegramMessage>,
    extra: QueueMediaExtra,
  ): NewTelegramUpdate {
    const message = this.userMessage(chatId, extra, media);
    if (extra.caption !== undefined) {
      message.caption = extra.caption;
      const command = commandEntity(extra.caption);
      if (command) message.caption_entities = [command];
    }
    return { message: { ...message, ...messageFields(extra) } };
  }

  /** The update queueCallbackQuery queues, built without queueing it (for postToWebhook). */
  callbackQueryUpdate(
    chatId: number,
    data: string,
    message?: TelegramMessage | number,
  ): NewTelegramUpdate {
    const chat = this.chatOf(chatId);
    const target =
      message !== undefined
        ? this.resolveMessage(chat.id, message)
        : (this.lastBotMessage(chat.id) ?? this.storeBotMessage(chat, 'Message'));
    const query: TelegramCallbackQuery = {
      id: `${this.botUser.id}${String(this.nextCallbackQueryId++).padStart(6, '0')}`,
      from: this.userIn(chat),
      message: target,
      chat_instance: String(5_000_000_000_000 + Math.abs(chat.id)),
      data,
    };
    return { callback_query: query };
  }

  /** A message this fake holds (sent by the bot or queued from the user), as it is now. */
  message(chatId: number, messageId: number): TelegramMessage | undefined {
    const found = this.chats.get(String(chatId))?.get(messageId);
    return found ? clone(found) : undefined;
  }

  /** Every message this fake holds for a chat, oldest first. */
  chatMessages(chatId: number): TelegramMessage[] {
    return [...(this.chats.get(String(chatId))?.values() ?? [])]
      .sort((a, b) => a.message_id - b.message_id)
      .map(clone);
  }

  /** How many long polls (getUpdates with a timeout) wait for an update now. */
  waitingPolls(): number {
    return this.pollers.size;
  }

  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): TelegramUpdate[] {
    return this.updates.map(clone);
  }

  /**
   * POSTs an update to the webhook the bot set, with its secret token header, as Telegram
   * delivers in webhook mode. Resolves with the bot's HTTP answer. `to` sends it to another
   * URL with the same path, as a load balancer in front of several bots forwards it to one of
   * them. An update given its update_id is the same update each time it is posted (a retry).
   */
  async postToWebhook(
    update: NewTelegramUpdate,
    options: { to?: string } = {},
  ): Promise<{ status: number; body: string }> {
    if (!this.webhook) throw new Error('FakeTelegramBotApi: no webhook is set');
    const delivered = this.admit(update);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.webhook.secretToken) {
      headers['x-telegram-bot-api-secret-token'] = this.webhook.secretToken;
    }
    const url = options.to
      ? new URL(new URL(this.webhook.url).pathname, options.to).toString()
      : this.webhook.url;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(delivered),
    });
    return { status: response.status, body: await response.text() };
  }

  /**
   * Numbers an update and takes note of what it carries, so the bot can reply to its message
   * and answer its callback query.
   */
  private admit(update: NewTelegramUpdate): TelegramUpdate {
    const updateId = update.update_id ?? this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, updateId + 1);
    const admitted: TelegramUpdate = { ...clone(update), update_id: updateId };
    for (const message of [
      admitted.message,
      admitted.edited_message,
      admitted.callback_query?.message,
    ]) {
      if (message) this.remember(message);
    }
    if (admitted.callback_query) {
      this.callbackQueries.set(admitted.callback_query.id, { answered: false });
    }
    return admitted;
  }

  // --- HTTP ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (download) {
      req.resume();
      this.serveDownload(
        res,
        decodeURIComponent(download[1] ?? ''),
        decodeURIComponent(download[2] ?? ''),
      );
      return;
    }
    const route = /^\/bot([^/]+)\/([A-Za-z0-9_]*)\/?$/.exec(url.pathname);
    if (!route || decodeURIComponent(route[1] ?? '') !== this.token) {
      req.resume();
      const status = route ? 401 : 404;
      this.answer(res, {
        ok: false,
        status,
        description: status === 401 ? 'Unauthorized' : 'Not Found',
      });
      return;
    }
    const method = this.canonicalMethod(route[2] ?? '');

    let params: Record<string, unknown> = {};
    let refusal: TelegramApiError | null = null;
    try {
      params = requestParams(
        req.headers['content-type'],
        await readBody(req, MAX_BODY_BYTES),
        url.searchParams,
      );
    } catch (error) {
      if (!(error instanceof TelegramApiError)) throw error;
      refusal = error;
    }
    const call: FakeBotApiCall = { method, params, at: new Date(), failed: false };
    this.recorded.push(call);

    const failure = refusal ? null : this.takeFailure(method);
    if (failure && 'kind' in failure) {
      call.failed = true;
      this.notifyCall();
      req.socket.destroy();
      return;
    }

    let outcome: Outcome;
    if (refusal) {
      outcome = { ok: false, status: refusal.status, description: refusal.description };
    } else if (failure) {
      outcome = this.failureOutcome(failure);
    } else if (method === 'getUpdates') {
      this.notifyCall();
      outcome = await this.getUpdates(params, req);
    } else {
      outcome = this.invoke(method, params);
    }

    call.failed = !outcome.ok;
    call.status = outcome.ok ? 200 : outcome.status;
    if (outcome.ok) call.result = clone(outcome.result);
    else call.description = outcome.description;
    if (method !== 'getUpdates' || refusal || failure) this.notifyCall();
    this.answer(res, outcome);
  }

  /**
   * `GET /file/bot<token>/<file_path>`: the file's bytes, recorded as a `download` call (which
   * failNext('download', …) fails). A file whose claimed size is not its own is sent without
   * Content-Length, in chunks.
   */
  private serveDownload(res: ServerResponse, token: string, filePath: string): void {
    if (token !== this.token) {
      this.answer(res, { ok: false, status: 404, description: 'Not Found' });
      return;
    }
    const call: FakeBotApiCall = {
      method: 'download',
      params: { file_path: filePath },
      at: new Date(),
      failed: false,
    };
    this.recorded.push(call);
    const failure = this.takeFailure('download');
    const file = this.files.atPath(filePath);
    if (failure && 'kind' in failure) {
      call.failed = true;
      this.notifyCall();
      res.socket?.destroy();
      return;
    }
    if (failure || !file) {
      const outcome: Extract<Outcome, { ok: false }> = failure
        ? this.failureOutcome(failure)
        : { ok: false, status: 404, description: 'Not Found: file not found' };
      call.failed = true;
      call.status = outcome.status;
      call.description = outcome.description;
      this.notifyCall();
      this.answer(res, outcome);
      return;
    }
    call.status = 200;
    this.notifyCall();
    if (file.claimedSize === file.content.length) {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': file.content.length,
      });
      res.end(file.content);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = 64 * 1024;
    for (let at = 0; at < file.content.length; at += chunk) {
      res.write(file.content.subarray(at, at + chunk));
    }
    res.end();
  }

  private answer(res: ServerResponse, outcome: Outcome): void {
    if (res.headersSent || res.destroyed) return;
    const body = JSON.stringify(
      outcome.ok
        ? { ok: true, result: outcome.result }
        : {
            ok: false,
            error_code: outcome.status,
            description: outcome.description,
            ...(outcome.parameters ? { parameters: outcome.parameters } : {}),
          },
    );
    res.writeHead(outcome.ok ? 200 : outcome.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  }

  private invoke(method: string, params: Record<string, unknown>): Outcome {
    const handler = this.handlers[method];
    if (!handler) {
      return { ok: false, status: 404, description: 'Not Found: method not found' };
    }
    try {
      return { ok: true, result: handler(params) };
    } catch (error) {
      if (error instanceof TelegramApiError) {
        return {
          ok: false,
          status: error.status,
          description: error.description,
          parameters: error.parameters,
        };
      }
      throw error;
    }
  }

  private takeFailure(method: string): FakeFailure | undefined {
    const queue = this.failures.get(method);
    const failure = queue?.shift();
    if (queue && queue.length === 0) this.failures.delete(method);
    return failure;
  }

  private failureOutcome(
    failure: Exclude<FakeFailure, { kind: 'reset' }>,
  ): Extract<Outcome, { ok: false }> {
    if (failure.status === 429) {
      return {
        ok: false,
        status: 429,
        description: failure.description ?? `Too Many Requests: retry after ${failure.retryAfter}`,
        parameters: { retry_after: failure.retryAfter },
      };
    }
    return {
      ok: false,
      status: failure.status,
      description: failure.description ?? DEFAULT_DESCRIPTIONS[failure.status] ?? 'Error',
    };
  }

  private canonicalMethod(method: string): string {
    const lower = method.toLowerCase();
    const known = [...Object.keys(this.handlers), 'getUpdates'].find(
      (name) => name.toLowerCase() === lower,
    );
    return known ?? method;
  }

  private notifyCall(): void {
    for (const listener of [...this.callListeners]) listener();
  }

  private waitUntil<T>(
    probe: () => T | undefined,
    wanted: () => string,
    timeoutMs: number,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const now = probe();
      if (now !== undefined) {
        resolve(now);
        return;
      }
      const listener = (): void => {
        const found = probe();
        if (found === undefined) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${wanted()} on the fake Telegram Bot API.\n${this.describeCalls()}`,
          ),
        );
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.callListeners.delete(listener);
      };
      this.callListeners.add(listener);
    });
  }

  /** The calls seen, for timeout messages; long polls are counted, not listed. */
  private describeCalls(): string {
    const listed = this.recorded.filter((call) => call.method !== 'getUpdates');
    const polls = this.recorded.length - listed.length;
    const shown = listed.slice(-30).map((call) => {
      const params = JSON.stringify(call.params);
      const outcome = call.failed
        ? ` → failed ${call.status ?? 'reset'}${call.description ? ` ${call.description}` : ''}`
        : '';
      return `  ${call.method} ${params.length > 300 ? `${params.slice(0, 300)}…` : params}${outcome}`;
    });
    const header = `Calls seen: ${listed.length}${listed.length > shown.length ? ` (last ${shown.length} listed)` : ''}, plus ${polls} getUpdates.`;
    return [header, ...shown].join('\n');
  }

  // --- getUpdates ---

  private async getUpdates(
    params: Record<string, unknown>,
    req: IncomingMessage,
  ): Promise<Outcome> {
    if (this.webhook) {
      return {
        ok: false,
        status: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      };
    }
    let offset: number;
    let limit: number;
    let timeoutSeconds: number;
    try {
      offset = integerParam(params, 'offset', 0);
      limit = Math.min(100, Math.max(1, integerParam(params, 'limit', 100)));
      timeoutSeconds = Math.max(0, integerParam(params, 'timeout', 0));
    } catch (error) {
      if (!(error instanceof TelegramApiError)) throw error;
      return { ok: false, status: error.status, description: error.description };
    }
    // Only one poller at a time, as Telegram: the earlier one is told why it ends.
    for (const poller of [...this.pollers]) {
      poller.finish({
        ok: false,
        status: 409,
        description: DEFAULT_DESCRIPTIONS[409] ?? 'Conflict',
      });
    }
    this.confirmUpTo(offset);
    const ready = this.updates.slice(0, limit);
    if (ready.length > 0 || timeoutSeconds === 0 || !this.server) {
      return { ok: true, result: clone(ready) };
    }
    return new Promise<Outcome>((resolve) => {
      const poller: Poller = {
        offset,
        limit,
        finish: (outcome) => {
          clearTimeout(timer);
          req.socket.off('close', onClose);
          this.pollers.delete(poller);
          resolve(outcome);
        },
      };
      const timer = setTimeout(
        () => poller.finish({ ok: true, result: [] }),
        timeoutSeconds * 1000,
      );
      // A client that gave up (a bot stopping) is no longer a poller.
      const onClose = (): void => poller.finish({ ok: true, result: [] });
      req.socket.once('close', onClose);
      this.pollers.add(poller);
    });
  }

  /** Telegram forgets updates below a positive offset; a negative one keeps the last -offset. */
  private confirmUpTo(offset: number): void {
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.updates = this.updates.slice(offset);
  }

  private wakePollers(): void {
    for (const poller of [...this.pollers]) {
      const ready = this.updates.filter((u) => u.update_id >= poller.offset).slice(0, poller.limit);
      if (ready.length > 0) poller.finish({ ok: true, result: clone(ready) });
    }
  }

  // --- chats and messages ---

  private chatOf(chatId: unknown): TelegramChat {
    if (chatId === undefined || chatId === '') throw badRequest('chat_id is empty');
    if (typeof chatId !== 'number' || !Number.isSafeInteger(chatId) || chatId === 0) {
      throw badRequest('chat not found');
    }
    if (chatId > 0) {
      return {
        id: chatId,
        first_name: 'Test',
        last_name: 'User',
        username: 'test_user',
        type: 'private',
      };
    }
    return String(chatId).startsWith('-100')
      ? { id: chatId, title: 'Test Supergroup', type: 'supergroup' }
      : { id: chatId, title: 'Test Group', type: 'group' };
  }

  /** The user writing in a chat: in a private chat, the chat's own user. */
  private userIn(chat: TelegramChat): TelegramUser {
    return {
      id: chat.type === 'private' ? chat.id : 1000001,
      is_bot: false,
      first_name: 'Test',
      last_name: 'User',
      username: 'test_user',
      language_code: 'en',
    };
  }

  private nextMessageId(chatId: number): number {
    const key = String(chatId);
    const next = (this.lastMessageId.get(key) ?? 0) + 1;
    this.lastMessageId.set(key, next);
    return next;
  }

  private remember(message: TelegramMessage): void {
    const key = String(message.chat.id);
    const messages = this.chats.get(key) ?? new Map<number, TelegramMessage>();
    messages.set(message.message_id, clone(message));
    this.chats.set(key, messages);
    this.lastMessageId.set(key, Math.max(this.lastMessageId.get(key) ?? 0, message.message_id));
  }

  private resolveMessage(chatId: number, message: TelegramMessage | number): TelegramMessage {
    if (typeof message !== 'number') return clone(message);
    const found = this.chats.get(String(chatId))?.get(message);
    if (!found) throw new Error(`FakeTelegramBotApi: no message ${message} in chat ${chatId}`);
    return clone(found);
  }

  private lastBotMessage(chatId: number): TelegramMessage | undefined {
    const messages = [...(this.chats.get(String(chatId))?.values() ?? [])].filter(
      (m) => m.from?.is_bot,
    );
    const last = messages.sort((a, b) => b.message_id - a.message_id)[0];
    return last ? clone(last) : undefined;
  }

  private storeBotMessage(
    chat: TelegramChat,
    text: string,
    extra: Partial<TelegramMessage> = {},
  ): TelegramMessage {
    const message: TelegramMessage = {
      message_id: this.nextMessageId(chat.id),
      from: { ...this.botUser },
      chat,
      date: unixNow(),
      text,
      ...extra,
    };
    this.remember(message);
    return clone(message);
  }

  private storedMessage(params: Record<string, unknown>, verb: 'edit' | 'delete'): TelegramMessage {
    const chat = this.chatOf(params['chat_id']);
    const messageId = params['message_id'];
    if (messageId === undefined) throw badRequest('message identifier is not specified');
    const found =
      typeof messageId === 'number' ? this.chats.get(String(chat.id))?.get(messageId) : undefined;
    if (!found) throw badRequest(`message to ${verb} not found`);
    return found;
  }

  /** Text and entities as Telegram stores them after parsing. */
  private formatted(
    text: unknown,
    parseMode: unknown,
    entities: unknown,
    what: 'text' | 'caption',
  ): { text: string; entities?: TelegramMessageEntity[] } {
    if (typeof text !== 'string' || text.trim() === '') {
      throw badRequest(what === 'text' ? 'message text is empty' : 'caption is empty');
    }
    let parsed: { text: string; entities: TelegramMessageEntity[] };
    if (typeof parseMode === 'string' && parseMode.toLowerCase() === 'html') {
      try {
        parsed = parseTelegramHtml(text);
      } catch (error) {
        if (error instanceof TelegramHtmlError) throw badRequest(error.message);
        throw error;
      }
    } else {
      parsed = {
        text,
        entities: Array.isArray(entities) ? (entities as TelegramMessageEntity[]) : [],
      };
    }
    if (parsed.text.trim() === '')
      throw badRequest(what === 'text' ? 'message text is empty' : 'caption is empty');
    const limit = what === 'text' ? MAX_TEXT_LENGTH : 1024;
    if (parsed.text.length > limit)
      throw badRequest(what === 'text' ? 'message is too long' : 'message caption is too long');
    return parsed.entities.length > 0 ? parsed : { text: parsed.text };
  }

  /** Telegram shows only inline keyboards in a Message; other markups are not echoed. */
  private inlineMarkup(markup: unknown): TelegramInlineKeyboardMarkup | undefined {
    if (typeof markup !== 'object' || markup === null || !('inline_keyboard' in markup))
      return undefined;
    const keyboard = (markup as { inline_keyboard: unknown }).inline_keyboard;
    if (!Array.isArray(keyboard) || !keyboard.every((row) => Array.isArray(row))) {
      throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Array");
    }
    for (const row of keyboard as unknown[][]) {
      for (const button of row) {
        const b = (typeof button === 'object' && button !== null ? button : {}) as Record<
          string,
          unknown
        >;
        if (typeof b['text'] !== 'string' || b['text'] === '')
          throw badRequest('BUTTON_TEXT_INVALID');
        const data = b['callback_data'];
        if (
          data !== undefined &&
          (typeof data !== 'string' ||
            data === '' ||
            Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES)
        ) {
          throw badRequest('BUTTON_DATA_INVALID');
        }
      }
    }
    return keyboard.length > 0 ? clone(markup as TelegramInlineKeyboardMarkup) : undefined;
  }

  private replyTarget(
    chatId: number,
    params: Record<string, unknown>,
  ): TelegramMessage | undefined {
    const replyParameters = params['reply_parameters'];
    const id =
      params['reply_to_message_id'] ??
      (typeof replyParameters === 'object' && replyParameters !== null
        ? (replyParameters as Record<string, unknown>)['message_id']
        : undefined);
    if (typeof id !== 'number') return undefined;
    const found = this.chats.get(String(chatId))?.get(id);
    if (!found) return undefined;
    // Telegram does not nest replies further than one level.
    const target = clone(found);
    delete target.reply_to_message;
    return target;
  }

  private sendMessage(params: Record<string, unknown>): TelegramMessage {
    const chat = this.chatOf(params['chat_id']);
    const content = this.formatted(
      params['text'],
      params['parse_mode'],
      params['entities'],
      'text',
    );
    const markup = this.inlineMarkup(params['reply_markup']);
    const replyTo = this.replyTarget(chat.id, params);
    return this.storeBotMessage(chat, content.text, {
      ...(content.entities ? { entities: content.entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
      ...(replyTo ? { reply_to_message: replyTo } : {}),
    });
  }

  /**
   * sendDocument and sendPhoto: a file uploaded in a multipart body (kept, so that it can be
   * downloaded again) or one the fake holds, by file_id.
   */
  private sendFile(
    method: 'sendDocument' | 'sendPhoto',
    params: Record<string, unknown>,
  ): TelegramMessage {
    const chat = this.chatOf(params['chat_id']);
    const field = method === 'sendDocument' ? 'document' : 'photo';
    const given = params[field];
    let upload: FakeUploadedFile;
    if (typeof given === 'object' && given !== null) {
      upload = given as FakeUploadedFile;
    } else if (typeof given === 'string' && this.files.get(given)) {
      const held = this.files.get(given) as FakeStoredFile;
      upload = {
        filename: field,
        contentType: null,
        size: held.content.length,
        content: held.content,
      };
    } else if (given === undefined || given === '') {
      throw badRequest(`there is no ${field} in the request`);
    } else {
      throw badRequest('wrong file identifier/HTTP URL specified');
    }
    if (upload.size === 0) throw badRequest('file must be non-empty');
    const caption =
      params['caption'] === undefined
        ? null
        : this.formatted(
            params['caption'],
            params['parse_mode'],
            params['caption_entities'],
            'caption',
          );
    const markup = this.inlineMarkup(params['reply_markup']);
    const replyTo = this.replyTarget(chat.id, params);
    const stored = this.files.add(upload.content, {
      folder: method === 'sendDocument' ? 'documents' : 'photos',
    });
    const media =
      method === 'sendDocument'
        ? {
            document: {
              file_id: stored.fileId,
              file_unique_id: stored.fileUniqueId,
              file_name: upload.filename,
              ...(upload.contentType ? { mime_type: upload.contentType } : {}),
              file_size: upload.size,
            },
          }
        : {
            photo: [
              {
                file_id: stored.fileId,
                file_unique_id: stored.fileUniqueId,
                file_size: upload.size,
                width: 1280,
                height: 960,
              },
            ],
          };
    const message = this.storeBotMessage(chat, '', {
      ...media,
      ...(caption ? { caption: caption.text } : {}),
      ...(caption?.entities ? { caption_entities: caption.entities } : {}),
      ...(markup ? { reply_markup: markup } : {}),
      ...(replyTo ? { reply_to_message: replyTo } : {}),
    });
    const kept = this.chats.get(String(chat.id))?.get(message.message_id);
    if (kept) delete kept.text;
    delete message.text;
    this.sent.push({
      method,
      chatId: chat.id,
      message: clone(message),
      caption: caption?.text,
      fileName: upload.filename,
      contentType: upload.contentType,
      content: upload.content,
      replyToMessageId: replyTo?.message_id,
    });
    return message;
  }

  /** Refuses what Telegram refuses: an unknown file_id, and a file over the 20 MB download limit. */
  private getFile(params: Record<string, unknown>): unknown {
    const fileId = params['file_id'];
    const file = typeof fileId === 'string' ? this.files.get(fileId) : undefined;
    if (!file) throw badRequest('invalid file_id');
    if (file.claimedSize > FAKE_DOWNLOAD_LIMIT_BYTES) throw badRequest('file is too big');
    return telegramFileOf(file);
  }

  private editMessageText(params: Record<string, unknown>): TelegramMessage | true {
    const content = this.formatted(
      params['text'],
      params['parse_mode'],
      params['entities'],
      'text',
    );
    const markup = this.inlineMarkup(params['reply_markup']);
    if (params['inline_message_id'] !== undefined) return true;
    const message = this.storedMessage(params, 'edit');
    if (!message.from?.is_bot) throw badRequest("message can't be edited");
    if (
      message.text === content.text &&
      sameJson(message.entities, content.entities) &&
      sameJson(message.reply_markup, markup)
    ) {
      throw badRequest(NOT_MODIFIED);
    }
    message.text = content.text;
    if (content.entities) message.entities = content.entities;
    else delete message.entities;
    // Telegram drops an inline keyboard the edit does not repeat.
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    message.edit_date = unixNow();
    return clone(message);
  }

  private editMessageReplyMarkup(params: Record<string, unknown>): TelegramMessage | true {
    const markup = this.inlineMarkup(params['reply_markup']);
    if (params['inline_message_id'] !== undefined) return true;
    const message = this.storedMessage(params, 'edit');
    if (!message.from?.is_bot) throw badRequest("message can't be edited");
    if (sameJson(message.reply_markup, markup)) throw badRequest(NOT_MODIFIED);
    if (markup) message.reply_markup = markup;
    else delete message.reply_markup;
    message.edit_date = unixNow();
    return clone(message);
  }

  private deleteMessage(params: Record<string, unknown>): true {
    const message = this.storedMessage(params, 'delete');
    this.chats.get(String(message.chat.id))?.delete(message.message_id);
    return true;
  }

  private answerCallbackQuery(params: Record<string, unknown>): true {
    const id = params['callback_query_id'];
    const query =
      typeof id === 'string' || typeof id === 'number'
        ? this.callbackQueries.get(String(id))
        : undefined;
    if (!query || query.answered) {
      throw badRequest('query is too old and response timeout expired or query ID is invalid');
    }
    const text = params['text'];
    if (typeof text === 'string' && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
    query.answered = true;
    return true;
  }

  private commandsKey(params: Record<string, unknown>): string {
    return JSON.stringify([params['scope'] ?? { type: 'default' }, params['language_code'] ?? '']);
  }

  private setMyCommands(params: Record<string, unknown>): true {
    const commands = params['commands'];
    if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
    for (const entry of commands as unknown[]) {
      const c = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<
        string,
        unknown
      >;
      if (typeof c['command'] !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c['command'])) {
        throw badRequest('BOT_COMMAND_INVALID');
      }
      const description = c['description'];
      if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
        throw badRequest('command description is empty');
      }
    }
    this.commands.set(this.commandsKey(params), clone(commands));
    return true;
  }

  private setWebhook(params: Record<string, unknown>): true {
    const url = params['url'];
    if (typeof url !== 'string') throw badRequest('parameter "url" is required');
    if (url === '') {
      this.webhook = null;
      return true;
    }
    if (!/^https?:\/\//.test(url))
      throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
    const secret = params['secret_token'];
    if (
      secret !== undefined &&
      (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
    ) {
      throw badRequest('bad webhook: secret token contains unallowed characters');
    }
    const allowed = params['allowed_updates'];
    this.webhook = {
      url,
      ...(typeof secret === 'string' ? { secretToken: secret } : {}),
      ...(Array.isArray(allowed) ? { allowedUpdates: allowed.map(String) } : {}),
    };
    if (params['drop_pending_updates'] === true) this.updates = [];
    return true;
  }

  private webhookInfo(): TelegramWebhookInfo {
    return {
      url: this.webhook?.url ?? '',
      has_custom_certificate: false,
      pending_update_count: this.updates.length,
      ...(this.webhook?.allowedUpdates ? { allowed_updates: this.webhook.allowedUpdates } : {}),
    };
  }
}
