import type { InlineKeyboardMarkup } from '@ccr/telegram-format';
import { TelegramApiError, TelegramFailure } from './telegram-api.error';

export interface SentMessage {
  message_id: number;
}

interface BotApiAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The few Bot API calls hub-api makes, over plain HTTPS. The token is part of the URL, so
 * URLs and raw fetch errors never reach a log: errors carry the status and description only.
 */
export class TelegramBotApiClient {
  constructor(
    private readonly apiRoot: string,
    private readonly token: string,
  ) {}

  sendMessage(
    chatId: string,
    html: string,
    replyMarkup?: InlineKeyboardMarkup,
  ): Promise<SentMessage> {
    return this.call<SentMessage>('sendMessage', {
      chat_id: chatId,
      text: html,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
    });
  }

  /**
   * Replaces a message's text; its buttons go unless `replyMarkup` repeats them. Telegram's
   * "message is not modified" counts as done: the message already says this (hub-bot may
   * have edited it first).
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
        /message is not modified/i.test(error.message)
      ) {
        return;
      }
      throw error;
    }
  }

  private async call<T>(method: string, params: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.apiRoot}/bot${this.token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
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
    if (status === 429) {
      const retryAfter = answer?.parameters?.retry_after ?? 1;
      throw new TelegramApiError(TelegramFailure.RateLimited, description, status, retryAfter);
    }
    if (status >= 500 || answer === undefined) {
      throw new TelegramApiError(TelegramFailure.Transient, description, status);
    }
    if (status === 401 || status === 404) {
      throw new TelegramApiError(TelegramFailure.Unauthorized, description, status);
    }
    throw new TelegramApiError(TelegramFailure.Rejected, description, status);
  }
}
