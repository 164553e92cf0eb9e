/** How a failed Bot API call should be treated by the outbox. */
export enum TelegramFailure {
  /** 429: wait `retryAfterSeconds`, then send again. */
  RateLimited = 'RATE_LIMITED',
  /** 5xx, a timeout or a dropped connection: retry with backoff. */
  Transient = 'TRANSIENT',
  /** 401/404: the bot token is wrong; keep the message until it is fixed. */
  Unauthorized = 'UNAUTHORIZED',
  /** Other 4xx (chat not found, bot blocked, bad markup): sending again will not help. */
  Rejected = 'REJECTED',
}

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
