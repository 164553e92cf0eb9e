import { Inject, Injectable } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import type { InlineKeyboardMarkup } from '@ccr/telegram-format';
import type { Context } from 'telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { ServerRegistry } from '../executor/server-registry.service';
import { updateRecordOf, type UpdateRecord } from '../telegram/update-record.util';
import { failureReply } from './failure-reply.util';
import { TelegramReplies } from './telegram-replies.service';

/** An answer with buttons under it. */
export interface BotAnswer {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/**
 * Runs a command's work and answers with what it returns, or, when it fails, with the one
 * failure mapper's words for what went wrong and what to do about it.
 */
@Injectable()
export class Answerer {
  constructor(
    private readonly servers: ServerRegistry,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
    private readonly replies: TelegramReplies,
  ) {}

  /**
   * Resolves true when the work succeeded, false when the answer is a failure's. Work that
   * answered by itself (with a document) returns null, and nothing more is sent.
   */
  async answer(
    ctx: Context,
    work: (record: UpdateRecord) => Promise<string | BotAnswer | null>,
  ): Promise<boolean> {
    const record = updateRecordOf(ctx);
    let html: string | null;
    let keyboard: InlineKeyboardMarkup | undefined;
    let succeeded = true;
    try {
      const answer = await work(record);
      ({ html, keyboard } =
        answer === null || typeof answer === 'string' ? { html: answer } : answer);
      record.fields.outcome ??= 'ok';
    } catch (error) {
      succeeded = false;
      const reply = failureReply(error, {
        serverById: (id) => this.servers.get(id)?.config,
        connectTimeoutMs: this.config.ssh.connectTimeoutMs,
        session: record.session,
        updateId: record.updateId,
        untouched: record.untouched,
      });
      record.fields.outcome = 'failed';
      record.fields.error_code = reply.code;
      if (error instanceof Error) record.fields.error = error.message.slice(0, 500);
      if (!reply.expected) record.unexpected = error;
      html = reply.html;
    }
    if (html !== null) await this.replies.reply(ctx, html, keyboard);
    return succeeded;
  }
}
