/** What a failed Bot API call means for whoever retries it. */
export enum TelegramFailure {
  /** 429: wait `retryAfterSeconds`, then try again. */
  RateLimited = 'RATE_LIMITED',
  /** 5xx, a timeout, a dropped connection, an answer that is not the Bot API's: try again later. */
  Transient = 'TRANSIENT',
  /** 401/404: the bot token is wrong; nothing works until it is fixed. */
  Unauthorized = 'UNAUTHORIZED',
  /** Any other 4xx (chat not found, bot blocked, bad markup, a conflict): trying again will not help. */
  Rejected = 'REJECTED',
}

/**
 * The one rule that turns a Bot API status into what it means. hub-bot's launcher judges
 * telegraf's errors (its long polling) by it too.
 */
export function telegramFailureOf(status: number | undefined): TelegramFailure {
  if (status === 429) return TelegramFailure.RateLimited;
  if (status === undefined || status >= 500) return TelegramFailure.Transient;
  if (status === 401 || status === 404) return TelegramFailure.Unauthorized;
  return TelegramFailure.Rejected;
}

/**
 * A Bot API call that failed. The message is `<method>: <status> <description>` and never holds
 * the URL, which carries the bot token.
 */
export class TelegramApiError extends Error {
  constructor(
    readonly failure: TelegramFailure,
    message: string,
    readonly status: number | undefined,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TelegramApiError';
  }
}
