import { Command, Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { PaneTargets } from '../executor/pane-targets.service';
import { Answerer } from '../replies/answer.service';
import { TelegramReplies } from '../replies/telegram-replies.service';
import { parseCommandText, repliedMessageId } from '../telegram/command-text.util';
import { noteSession } from '../telegram/update-record.util';
import { safeFileName, stampOf } from './file-name.util';
import { parseGetArgs } from './get-args.util';
import { GetFileService } from './get-file.service';
import { InboxService, type IncomingFile } from './inbox.service';
import { MediaSessions } from './media-sessions.service';

/** The file a photo or document message carries: a photo's largest size, as Telegram lists them. */
function incomingFileOf(message: Message.PhotoMessage | Message.DocumentMessage): IncomingFile {
  const stamp = stampOf(message.date);
  if ('photo' in message) {
    const largest = message.photo[message.photo.length - 1];
    return {
      fileId: largest?.file_id ?? '',
      name: `photo-${stamp}.jpg`,
      size: largest?.file_size,
    };
  }
  return {
    fileId: message.document.file_id,
    name: safeFileName(message.document.file_name, `file-${stamp}`),
    size: message.document.file_size,
  };
}

/** Photos and files into a session's inbox, and /get for a file of its server. */
@Update()
export class FilesUpdate {
  constructor(
    private readonly media: MediaSessions,
    private readonly inbox: InboxService,
    private readonly getFiles: GetFileService,
    private readonly targets: PaneTargets,
    private readonly answerer: Answerer,
    private readonly replies: TelegramReplies,
  ) {}

  @On(['photo', 'document'])
  async file(@Ctx() ctx: Context): Promise<void> {
    if (!this.media.isForUs(ctx)) return;
    await this.answerer.answer(ctx, async (record) => {
      const message = ctx.message as Message.PhotoMessage | Message.DocumentMessage;
      const { session, text } = await this.media.resolve(ctx, record.chatId ?? '', 'file');
      noteSession(record, session);
      return this.inbox.deliver(session, incomingFileOf(message), text);
    });
  }

  /** /get <session> <path>, or /get <path> as a reply to a notification: the file as a document. */
  @Command('get')
  async get(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
      const replied = repliedMessageId(ctx.message);
      const { ref, path } = parseGetArgs(parseCommandText(text)?.rest ?? '', replied !== undefined);
      const session =
        ref === undefined && replied !== undefined && record.chatId !== undefined
          ? await this.targets.byReply(record.chatId, replied)
          : await this.targets.byRef(ref ?? '');
      noteSession(record, session);
      const found = await this.getFiles.find(session, path);
      await this.replies.replyWithDocument(ctx, found.file, found.captionHtml);
      return null;
    });
  }
}
