import { TELEGRAM_MESSAGE_LIMIT } from '@ccr/telegram-format';
import type { Context } from 'telegraf';
import { TelegramError } from 'telegraf';

const ATTEMPTS = 3;
/** A longer retry_after than this is not worth holding the chat's queue for. */
const MAX_RETRY_AFTER_S = 10;
const RETRY_PAUSE_MS = 500;

function retryDelayMs(error: unknown): number | undefined {
  if (error instanceof TelegramError) {
    if (error.code === 429) {
      const after = error.parameters?.retry_after ?? 1;
      return after <= MAX_RETRY_AFTER_S ? after * 1000 : undefined;
    }
    return error.code >= 500 ? RETRY_PAUSE_MS : undefined;
  }
  // A network error: the request may not have reached Telegram.
  return error instanceof Error && error.name === 'FetchError' ? RETRY_PAUSE_MS : undefined;
}

/**
 * Drops whole lines from the end until the message fits: the builders keep within the limit,
 * and a line never holds half of an HTML element, so this only guards against a mistake.
 */
export function fitToMessage(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string {
  if (html.length <= limit) return html;
  const lines = html.split('\n');
  while (lines.length > 1 && lines.join('\n').length + 2 > limit) lines.pop();
  const kept = lines.join('\n');
  return kept.length + 2 <= limit ? `${kept}\n…` : kept.slice(0, limit);
}

/** Runs one Bot API call, retrying rate limits and server errors briefly. */
export async function withTelegramRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const delay = retryDelayMs(error);
      if (delay === undefined || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * Answers the update's message in Telegram HTML, as a reply to it, so that the answer sits
 * under the command it answers; for a button press, under the message that carries the
 * button. Rate limits and server errors are retried briefly.
 */
export async function replyHtml(ctx: Context, html: string): Promise<void> {
  const messageId = ctx.message?.message_id ?? ctx.callbackQuery?.message?.message_id;
  const extra = {
    parse_mode: 'HTML' as const,
    link_preview_options: { is_disabled: true },
    ...(messageId === undefined
      ? {}
      : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } }),
  };
  const text = fitToMessage(html);
  await withTelegramRetry(() => ctx.reply(text, extra));
}
