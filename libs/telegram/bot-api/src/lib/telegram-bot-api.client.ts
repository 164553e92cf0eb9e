import { backoffDelay, type Backoff } from '@ccr/shared-util';
import type { InlineKeyboardMarkup } from '@ccr/telegram-format';
import { TelegramApiError, TelegramFailure, telegramFailureOf } from './telegram-api.error';

export interface SentMessage {
  message_id: number;
}

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

  constructor(private readonly options: TelegramBotApiOptions) {
    this.retry = options.retry;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
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

  private async call<T>(method: string, params: Record<string, unknown>): Promise<T> {
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

  private async callOnce<T>(method: string, params: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.options.apiRoot}/bot${this.options.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : 'connection failed';
      throw new TelegramApiError(TelegramFailure.Transient, `${method}: ${reason}`, undefined);
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
