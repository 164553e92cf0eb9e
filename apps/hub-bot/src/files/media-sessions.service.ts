import { Injectable } from '@nestjs/common';
import type { SessionView } from '@ccr/session-domain';
import type { Context } from 'telegraf';
import { PaneTargets } from '../executor/pane-targets.service';
import { parseCommandText, splitFirstWord } from '../telegram/command-text.util';
import { captionUsage, noSessionForFile } from './files-message.util';

/** The message part of a photo, document or voice message that says where it goes. */
interface MediaMessage {
  caption?: string;
  chat: { type: string };
  reply_to_message?: { message_id: number };
}

/** Which session a photo, file or voice message is for, and the words to type with it. */
export interface MediaSession {
  session: SessionView;
  /** The caption as written after `/cmd <session> `, or the whole caption of a reply. */
  text: string;
}

function mediaMessageOf(ctx: Context): MediaMessage | undefined {
  return ctx.message as MediaMessage | undefined;
}

/**
 * Photos, files and voice messages reach a session as text does: as a reply to its
 * notification, or with the caption `/cmd <session> [words]`.
 */
@Injectable()
export class MediaSessions {
  constructor(private readonly targets: PaneTargets) {}

  /**
   * Whether the message is the bot's to answer: in a private chat always; in a group only a
   * reply, or a caption `/cmd` that names no other bot.
   */
  isForUs(ctx: Context): boolean {
    const message = mediaMessageOf(ctx);
    if (!message) return false;
    const command = parseCommandText(message.caption ?? '');
    if (command?.mention && command.mention.toLowerCase() !== ctx.me?.toLowerCase()) return false;
    return (
      message.chat.type === 'private' ||
      message.reply_to_message !== undefined ||
      command?.name === 'cmd'
    );
  }

  /** @throws BotError (no session said, a bare /cmd), SessionError (not a live session). */
  async resolve(ctx: Context, chatId: string, kind: 'file' | 'voice'): Promise<MediaSession> {
    const message = mediaMessageOf(ctx);
    const caption = message?.caption ?? '';
    const command = parseCommandText(caption);
    if (command?.name === 'cmd') {
      const { word, after } = splitFirstWord(command.rest);
      if (word === '') throw captionUsage();
      return { session: await this.targets.byRef(word), text: after };
    }
    const replied = message?.reply_to_message?.message_id;
    if (replied === undefined) throw noSessionForFile(kind);
    // As with text, a reply's caption is typed whatever it says, a /command included.
    return { session: await this.targets.byReply(chatId, replied), text: caption };
  }
}
