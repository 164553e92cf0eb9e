import { backoffDelay, type Backoff } from '@ccr/shared-util';
import type { InlineKeyboardMarkup } from '@ccr/telegram-format';
import { TelegramApiError, TelegramFailure, telegramFailureOf } from './telegram-api.error';
import { TelegramFileTooLargeError } from './telegram-file.error';

export interface SentMessage {
  message_id: number;
}

/** What getFile answers: where the file can be downloaded (for about an hour), and its size. */
export interface TelegramFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_path?: string;
}

/** A file to upload. */
export interface UploadFile {
  /** The name the chat shows. */
  name: string;
  content: Uint8Array;
  /** `text/markdown`…; Telegram guesses from the name when absent. */
  contentType?: string;
}

export interface SendDocumentOptions {
  /** Telegram HTML, at most 1024 characters once parsed. */
  captionHtml?: string;
  replyToMessageId?: number;
  /** Delivered without sound. */
  disableNotification?: boolean;
}

/** Telegram's Bot API gives bots files up to this size (getFile refuses larger ones). */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** The largest file a bot may upload (sendDocument). */
export const TELEGRAM_UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

/** Retries within one call, for a caller that answers a person now and has no queue to retry from. */
export interface TelegramRetry {
  /** Tries in all, the first one included. */
  attempts: number;
  /** A 429 that asks for a longer wait than this fails at once: holding the caller that long is worse. */
  maxRetryAfterMs: number;
  /** The wait after a transient failure (5xx, network). */
  backoff: Backoff;
}

export interface TelegramBotApiOptions {
  /** `https://api.telegram.org`, or a local Bot API server. */
  apiRoot: string;
  token: string;
  /** None unless given: the outbox retries from the database instead, at its own pace. */
  retry?: TelegramRetry;
  timeoutMs?: number;
  /** A whole upload or download; longer than one call, as a file may be 20 MB or more. */
  transferTimeoutMs?: number;
}

export interface SendMessageOptions {
  replyMarkup?: InlineKeyboardMarkup;
  /** Sent as a reply to this message; as a plain message when that one is gone. */
  replyToMessageId?: number;
  /** Delivered without sound (quiet hours, a mute, the person at the terminal). */
  disableNotification?: boolean;
}

interface BotApiAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_TRANSFER_TIMEOUT_MS = 120_000;
/** Telegram's words for an edit that would leave the message as it is. */
const NOT_MODIFIED = /message is not modified/i;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The Bot API calls both hub apps make to send and edit, over plain HTTP(S), the same way for
 * both: Telegram HTML, link previews off, one error type, "message is not modified" taken as
 * done. telegraf only receives updates in hub-bot. The token is part of the URL, so URLs and
 * raw fetch errors never reach an error message or a log.
 */
export class TelegramBotApi {
  private readonly retry: TelegramRetry | undefined;
  private readonly timeoutMs: number;
  private readonly transferTimeoutMs: number;

  constructor(private readonly options: TelegramBotApiOptions) {
    this.retry = options.retry;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.transferTimeoutMs = options.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS;
  }

  sendMessage(
    chatId: string,
    html: string,
    options: SendMessageOptions = {},
  ): Promise<SentMessage> {
    const { replyMarkup, replyToMessageId, disableNotification } = options;
    return this.call<SentMessage>('sendMessage', {
      chat_id: chatId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
      ...(disableNotification ? { disable_notification: true } : {}),
      ...(replyToMessageId === undefined
        ? {}
        : {
            reply_parameters: { message_id: replyToMessageId, allow_sending_without_reply: true },
          }),
    });
  }

  /**
   * Replaces a message's text; its buttons go unless `replyMarkup` repeats them. An edit to what
   * the message already says counts as done: the other hub app, or an earlier try, made it.
   */
  async editMessageText(
    chatId: string,
    messageId: number,
    html: string,
    replyMarkup?: InlineKeyboardMarkup,
  ): Promise<void> {
    try {
      await this.call<unknown>('editMessageText', {
        chat_id: chatId,
        message_id: messageId,
        text: html,
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
      });
    } catch (error) {
      if (
        error instanceof TelegramApiError &&
        error.failure === TelegramFailure.Rejected &&
        NOT_MODIFIED.test(error.message)
      ) {
        return;
      }
      throw error;
    }
  }

  /** Answers a button press: Telegram shows `text` over the chat and stops the button's spinner. */
  async answerCallbackQuery(callbackQueryId: string, text: string): Promise<void> {
    await this.call<unknown>('answerCallbackQuery', {
      callback_query_id: callbackQueryId,
      text,
    });
  }

  /**
   * Sends a file as a document, uploaded as multipart/form-data, with an HTML caption, as a
   * reply when asked (sent plain when that message is gone).
   */
  sendDocument(
    chatId: string,
    file: UploadFile,
    options: SendDocumentOptions = {},
  ): Promise<SentMessage> {
    return this.call<SentMessage>('sendDocument', () => {
      const form = new FormData();
      form.set('chat_id', chatId);
      if (options.captionHtml !== undefined) {
        form.set('caption', options.captionHtml);
        form.set('parse_mode', 'HTML');
      }
      if (options.disableNotification) form.set('disable_notification', 'true');
      if (options.replyToMessageId !== undefined) {
        form.set(
          'reply_parameters',
          JSON.stringify({
            message_id: options.replyToMessageId,
            allow_sending_without_reply: true,
          }),
        );
      }
      const blob = new Blob([file.content], file.contentType ? { type: file.contentType } : {});
      form.set('document', blob, file.name);
      return form;
    });
  }

  /**
   * Where a file a user sent can be downloaded. A file over Telegram's 20 MB limit is refused
   * with TelegramFileTooLargeError.
   */
  async getFile(fileId: string): Promise<TelegramFile> {
    try {
      return await this.call<TelegramFile>('getFile', { file_id: fileId });
    } catch (error) {
      if (
        error instanceof TelegramApiError &&
        error.failure === TelegramFailure.Rejected &&
        /file is too big/i.test(error.message)
      ) {
        throw new TelegramFileTooLargeError(TELEGRAM_DOWNLOAD_LIMIT_BYTES, undefined);
      }
      throw error;
    }
  }

  /**
   * The bytes of a file getFile found, chunk by chunk as they arrive, so that a large file is
   * never held whole. At most `maxBytes` (Telegram's 20 MB by default): checked against the
   * size Telegram reported and the Content-Length before anything is read, and counted while
   * reading, for a server that sends more than it said. Fails with TelegramFileTooLargeError,
   * or TelegramApiError for HTTP and network failures; one attempt, as what was already handed
   * on cannot be taken back.
   */
  async *downloadFile(
    file: TelegramFile,
    options: { maxBytes?: number } = {},
  ): AsyncGenerator<Uint8Array, void, undefined> {
    const maxBytes = options.maxBytes ?? TELEGRAM_DOWNLOAD_LIMIT_BYTES;
    if (file.file_size !== undefined && file.file_size > maxBytes) {
      throw new TelegramFileTooLargeError(maxBytes, file.file_size);
    }
    if (!file.file_path) {
      throw new TelegramApiError(
        TelegramFailure.Rejected,
        'download: Telegram gave no file_path for the file',
        undefined,
      );
    }
    const path = file.file_path.split('/').map(encodeURIComponent).join('/');
    let response: Response;
    try {
      response = await fetch(`${this.options.apiRoot}/file/bot${this.options.token}/${path}`, {
        signal: AbortSignal.timeout(this.transferTimeoutMs),
      });
    } catch (error) {
      throw this.networkError('download', error);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      // Downloads answer 404 for a file_path that expired (after an hour) or never was.
      throw new TelegramApiError(
        response.status === 404 ? TelegramFailure.Rejected : telegramFailureOf(response.status),
        `download: ${response.status} ${response.statusText}`,
        response.status,
      );
    }
    const announced = Number(response.headers.get('content-length') ?? Number.NaN);
    if (Number.isFinite(announced) && announced > maxBytes) {
      await response.body.cancel();
      throw new TelegramFileTooLargeError(maxBytes, announced);
    }
    let received = 0;
    try {
      // Leaving the loop early (too large, or the consumer stopped) cancels the body.
      for await (const chunk of response.body) {
        received += chunk.byteLength;
        if (received > maxBytes) throw new TelegramFileTooLargeError(maxBytes, undefined);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof TelegramFileTooLargeError || error instanceof TelegramApiError) {
        throw error;
      }
      throw this.networkError('download', error);
    }
  }

  private networkError(method: string, error: unknown): TelegramApiError {
    const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed';
    return new TelegramApiError(TelegramFailure.Transient, `${method}: ${reason}`, undefined);
  }

  private async call<T>(
    method: string,
    params: Record<string, unknown> | (() => FormData),
  ): Promise<T> {
    for (let failures = 0; ; failures += 1) {
      try {
        return await this.callOnce<T>(method, params);
      } catch (error) {
        const wait = this.retryWait(error, failures);
        if (wait === undefined) throw error;
        await sleep(wait);
      }
    }
  }

  /** How long to wait before trying again after `failures + 1` failures; undefined: do not. */
  private retryWait(error: unknown, failures: number): number | undefined {
    const retry = this.retry;
    if (!retry || failures + 1 >= retry.attempts || !(error instanceof TelegramApiError)) {
      return undefined;
    }
    switch (error.failure) {
      case TelegramFailure.RateLimited: {
        const waitMs = (error.retryAfterSeconds ?? 1) * 1000;
        return waitMs <= retry.maxRetryAfterMs ? waitMs : undefined;
      }
      case TelegramFailure.Transient:
        return backoffDelay(failures, retry.backoff);
      default:
        return undefined;
    }
  }

  /** `params` as JSON, or a multipart form (built anew for each attempt) for an upload. */
  private async callOnce<T>(
    method: string,
    params: Record<string, unknown> | (() => FormData),
  ): Promise<T> {
    const upload = typeof params === 'function';
    let response: Response;
    try {
      response = await fetch(`${this.options.apiRoot}/bot${this.options.token}/${method}`, {
        method: 'POST',
        // fetch sets multipart's content type, with its boundary, itself.
        ...(upload
          ? { body: params() }
          : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) }),
        signal: AbortSignal.timeout(upload ? this.transferTimeoutMs : this.timeoutMs),
      });
    } catch (error) {
      throw this.networkError(method, error);
    }
    let answer: BotApiAnswer<T> | undefined;
    try {
      answer = (await response.json()) as BotApiAnswer<T>;
    } catch {
      answer = undefined;
    }
    if (response.ok && answer?.ok && answer.result !== undefined) return answer.result;

    const status = response.status;
    const description = `${method}: ${status} ${answer?.description ?? response.statusText}`;
    const failure = telegramFailureOf(status);
    if (failure === TelegramFailure.RateLimited) {
      const retryAfter = answer?.parameters?.retry_after ?? 1;
      throw new TelegramApiError(failure, description, status, retryAfter);
    }
    // Not the Bot API's JSON (a proxy's error page): nothing says the request was wrong.
    if (answer === undefined) {
      throw new TelegramApiError(TelegramFailure.Transient, description, status);
    }
    throw new TelegramApiError(failure, description, status);
  }
}
