import type { Context } from 'telegraf';
import { withTelegramRetry } from './reply.util';
import { updateRecordOf } from './update-record.util';

/** Telegram shows at most this many characters of a callback answer. */
export const CALLBACK_ANSWER_LIMIT = 200;

/**
 * Answers the button press this update carries with a short text Telegram shows over the
 * chat, which also stops the button's spinner. A press must always be answered, so a failure
 * here (the query too old, Telegram unreachable) is logged, never thrown.
 */
export async function answerCallback(ctx: Context, text: string): Promise<void> {
  if (!ctx.callbackQuery) return;
  const cut =
    text.length <= CALLBACK_ANSWER_LIMIT ? text : `${text.slice(0, CALLBACK_ANSWER_LIMIT - 1)}…`;
  try {
    await withTelegramRetry(() => ctx.answerCbQuery(cut));
  } catch (error) {
    updateRecordOf(ctx).log.warn({ msg: 'could not answer the button press', err: error });
  }
}
