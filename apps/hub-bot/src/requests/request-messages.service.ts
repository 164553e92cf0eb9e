import { Injectable } from '@nestjs/common';
import { OutboxStore, type PermissionRecord } from '@ccr/session-data-access';
import { TelegramBotApi } from '@ccr/telegram-bot-api';
import { requestMessages } from '@ccr/telegram-format';
import type { Logger } from 'pino';

/**
 * Brings a request's messages in every chat up to date after a press or a reply: each text
 * message is edited into what requestMessages builds for its part now (the choices made, the
 * answer, the outcome; buttons while it still takes an answer). hub-api edits the same
 * messages into the same text when a request expires or is answered in the terminal, so
 * whichever edit comes second changes nothing ("message is not modified" counts as done).
 */
@Injectable()
export class RequestMessages {
  constructor(
    private readonly outbox: OutboxStore,
    private readonly telegram: TelegramBotApi,
  ) {}

  /**
   * Edits the request's messages of these parts (every part when none are given). A message
   * that cannot be edited (deleted, too old) keeps what it showed, and a press on it says how
   * the request stands: that is logged, not fatal.
   */
  async refresh(log: Logger, record: PermissionRecord, parts?: readonly number[]): Promise<void> {
    const messages = requestMessages(record.request, record.session, new Date());
    for (const { chatId, messageId, part } of await this.outbox.sentMessageOf(record.request.id)) {
      if (parts && !parts.includes(part)) continue;
      const message = messages[part];
      if (!message) continue;
      try {
        await this.telegram.editMessageText(chatId, messageId, message.html, message.replyMarkup);
      } catch (error) {
        log.warn({
          msg: 'could not edit a request message',
          permission_id: record.request.id,
          part,
          chat_id: chatId,
          message_id: messageId,
          err: error,
        });
      }
    }
  }
}
