import { Injectable } from '@nestjs/common';
import { clipText } from '@ccr/shared-util';
import { TelegramBotApi, type UploadFile } from '@ccr/telegram-bot-api';
import { CALLBACK_ANSWER_LIMIT, type InlineKeyboardMarkup } from '@ccr/telegram-format';
import type { Context } from 'telegraf';
import { fitToMessage } from '../telegram/reply.util';
import { updateRecordOf } from '../telegram/update-record.util';

/**
 * What hub-bot says in the chat an update came from, through the one Bot API client: replies
 * under the message they answer, and answers to button presses. telegraf's own `ctx.reply` and
 * `ctx.answerCbQuery` are not used, so that every message follows the same rules.
 */
@Injectable()
export class TelegramReplies {
  constructor(private readonly telegram: TelegramBotApi) {}

  /**
   * Answers the update's message in Telegram HTML, as a reply to it, so that the answer sits
   * under the command it answers; for a button press, under the message that carries the
   * button.
   */
  async reply(ctx: Context, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) throw new Error('No chat to reply in: the update has none');
    const messageId = ctx.message?.message_id ?? ctx.callbackQuery?.message?.message_id;
    await this.telegram.sendMessage(String(chatId), fitToMessage(html), {
      replyToMessageId: messageId,
      ...(keyboard ? { replyMarkup: keyboard } : {}),
    });
  }

  /** Answers the update's message with a document, under it, with an HTML caption. */
  async replyWithDocument(ctx: Context, file: UploadFile, captionHtml: string): Promise<void> {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) throw new Error('No chat to reply in: the update has none');
    await this.telegram.sendDocument(String(chatId), file, {
      captionHtml,
      replyToMessageId: ctx.message?.message_id,
    });
  }

  /**
   * Replaces the text of the message whose button was pressed, and its buttons with
   * `keyboard` (none when absent), so that a question answered shows its answer. A failure is
   * logged, never thrown: the answer under it says what happened anyway.
   */
  async editPressed(ctx: Context, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    const chatId = ctx.chat?.id;
    const messageId = ctx.callbackQuery?.message?.message_id;
    if (chatId === undefined || messageId === undefined) return;
    try {
      await this.telegram.editMessageText(String(chatId), messageId, fitToMessage(html), keyboard);
    } catch (error) {
      updateRecordOf(ctx).log.warn({ msg: 'could not edit the pressed message', err: error });
    }
  }

  /**
   * Answers the button press this update carries with a short text Telegram shows over the
   * chat, which also stops the button's spinner. A press must always be answered, so a failure
   * here (the query too old, Telegram unreachable) is logged, never thrown.
   */
  async answerPress(ctx: Context, text: string): Promise<void> {
    const query = ctx.callbackQuery;
    if (!query) return;
    try {
      await this.telegram.answerCallbackQuery(query.id, clipText(text, CALLBACK_ANSWER_LIMIT));
    } catch (error) {
      updateRecordOf(ctx).log.warn({ msg: 'could not answer the button press', err: error });
    }
  }
}
