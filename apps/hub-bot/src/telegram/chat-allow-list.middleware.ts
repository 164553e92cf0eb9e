import { Inject, Injectable } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import type { Context, MiddlewareFn } from 'telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { code } from '../replies/html.util';
import { TelegramReplies } from '../replies/telegram-replies.service';
import { updateRecordOf } from './update-record.util';

/** A stranger hears "no" once in this long, however much they write. */
export const REFUSAL_INTERVAL_MS = 60 * 60 * 1000;

/** Remembers when each chat was last refused, so that refusals do not become a flood. */
export class RefusalLimiter {
  private readonly lastRefusal = new Map<string, number>();

  constructor(private readonly intervalMs: number = REFUSAL_INTERVAL_MS) {}

  /** True when this chat should hear a refusal now; notes that it did. */
  shouldRefuse(chatId: string, now: number = Date.now()): boolean {
    const last = this.lastRefusal.get(chatId);
    if (last !== undefined && now - last < this.intervalMs) return false;
    this.lastRefusal.set(chatId, now);
    // Old entries go, so that many strangers cannot make the map grow without end.
    for (const [id, at] of this.lastRefusal) {
      if (now - at >= this.intervalMs) this.lastRefusal.delete(id);
    }
    return true;
  }
}

/** The answer to a button pressed in a chat that is not allowed: plain text, under 200 characters. */
export function buttonRefusal(chatId: string | undefined): string {
  return chatId === undefined
    ? '⛔ This bot takes button presses only in the chats it was set up for.'
    : `⛔ This bot takes button presses only in the chats it was set up for; this chat's id is ${chatId}. Nothing was done.`;
}

export function refusalHtml(chatId: string): string {
  return (
    `⛔ This bot takes commands only from the chats it was set up for. This chat's id is ` +
    `${code(chatId)}; its owner can add it to TELEGRAM_ALLOWED_CHAT_IDS.`
  );
}

/**
 * Only TELEGRAM_CHAT_ID and TELEGRAM_ALLOWED_CHAT_IDS are obeyed. Anything else gets one short
 * refusal (at most one an hour per chat) and a log line, and goes no further: nothing is
 * looked up, nothing is typed, nothing is decided. A button press from such a chat (forged:
 * the bot never sent buttons there) is answered every time, as every press must be.
 */
@Injectable()
export class ChatAllowListMiddleware {
  private readonly allowed: ReadonlySet<string>;
  private readonly limiter = new RefusalLimiter();

  constructor(
    @Inject(BOT_CONFIG) config: BotConfig,
    private readonly replies: TelegramReplies,
  ) {
    this.allowed = new Set(config.telegram.allowedChatIds);
  }

  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      const record = updateRecordOf(ctx);
      const chatId = record.chatId;
      if (chatId !== undefined && this.allowed.has(chatId)) {
        await next();
        return;
      }
      record.fields.outcome = 'refused';
      record.fields.error_code = 'CHAT_NOT_ALLOWED';
      if (ctx.callbackQuery) {
        await this.replies.answerPress(ctx, buttonRefusal(chatId));
        return;
      }
      if (chatId !== undefined && ctx.message && this.limiter.shouldRefuse(chatId)) {
        await this.replies.reply(ctx, refusalHtml(chatId));
      }
    };
  }
}
