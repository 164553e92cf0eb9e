import type { SessionView } from '@ccr/session-domain';
import { Command, Ctx, Next, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { PaneTargets } from '../executor/pane-targets.service';
import { RequestReplies } from '../requests/request-replies.service';
import { Answerer } from '../replies/answer.service';
import { BotError } from '../replies/bot.error';
import { KNOWN_COMMANDS } from '../telegram/bot-commands.constant';
import { commandRestOf, parseCommandText, repliedMessageId } from '../telegram/command-text.util';
import { noteSession, updateRecordOf, type UpdateRecord } from '../telegram/update-record.util';
import { parseCmdArgs, parseEscArgs } from './typing-args.util';
import { escapedHtml, HOW_TO_ANSWER, typedHtml } from './typing-message.util';
import { TypingService } from './typing.service';

/**
 * /cmd, /esc, and answers written as a reply: to a notification (typed into its session), to
 * a question (its answer in the person's own words) or to a plan (feedback that sends it back).
 */
@Update()
export class TypingUpdate {
  constructor(
    private readonly targets: PaneTargets,
    private readonly typing: TypingService,
    private readonly answerer: Answerer,
    private readonly requestReplies: RequestReplies,
  ) {}

  /** /cmd <session> <text>: types the text into the session's pane and presses Enter. */
  @Command('cmd')
  async cmd(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const { ref, text } = parseCmdArgs(commandRestOf(ctx.message));
      const session = await this.targets.byRef(ref);
      return this.typeInto(record, session, text);
    });
  }

  /** /esc <session>, or /esc as a reply to a notification: presses Escape, which interrupts Claude. */
  @Command('esc')
  async esc(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const replied = repliedMessageId(ctx.message);
      const { ref } = parseEscArgs(commandRestOf(ctx.message), replied !== undefined);
      const session =
        ref === undefined && replied !== undefined && record.chatId !== undefined
          ? await this.targets.byReply(record.chatId, replied)
          : await this.targets.byRef(ref ?? '');
      noteSession(record, session);
      await this.typing.interrupt(this.targets.runningTargetOf(session));
      return escapedHtml(session);
    });
  }

  /**
   * Every other message: a reply to a question or a plan answers it; a reply to a notification
   * is typed into its session, whatever it says (`/compact` included); the rest gets a hint,
   * or, in a group, nothing.
   */
  @On('message')
  async message(@Ctx() ctx: Context, @Next() next: () => Promise<void>): Promise<void> {
    const message = ctx.message;
    const record = updateRecordOf(ctx);
    if (!message || !record.chatId) return;
    const isPrivate = message.chat.type === 'private';
    const replyTo = 'reply_to_message' in message ? message.reply_to_message : undefined;

    if (!('text' in message)) {
      // Photos, files and voice messages have handlers of their own (files/, voice/).
      if ('photo' in message || 'document' in message || 'voice' in message) {
        await next();
        return;
      }
      if (replyTo || isPrivate) {
        await this.answerer.answer(ctx, async () => {
          throw BotError.notText();
        });
      }
      return;
    }
    const command = parseCommandText(message.text);
    if (command) {
      // A command for another bot in a group is none of this bot's business.
      if (command.mention && command.mention.toLowerCase() !== ctx.me?.toLowerCase()) return;
      if (KNOWN_COMMANDS.has(command.name)) {
        await next();
        return;
      }
      if (!replyTo) {
        await this.answerer.answer(ctx, async () => {
          throw BotError.unknownCommand(command.name);
        });
        return;
      }
    }
    if (replyTo) {
      const chatId = record.chatId;
      await this.answerer.answer(ctx, async () => {
        const answered = message.from
          ? await this.requestReplies.take(
              record,
              chatId,
              replyTo.message_id,
              message.text,
              message.from,
            )
          : null;
        if (answered !== null) return answered;
        const session = await this.targets.byReply(chatId, replyTo.message_id);
        return this.typeInto(record, session, message.text);
      });
      return;
    }
    if (isPrivate) await this.answerer.answer(ctx, async () => HOW_TO_ANSWER);
  }

  private async typeInto(
    record: UpdateRecord,
    session: SessionView,
    text: string,
  ): Promise<string> {
    noteSession(record, session);
    record.fields.text_length = text.length;
    await this.typing.type(this.targets.runningTargetOf(session), text);
    return typedHtml(session, text);
  }
}
