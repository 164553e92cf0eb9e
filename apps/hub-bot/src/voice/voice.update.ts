import { Inject } from '@nestjs/common';
import {
  TELEGRAM_DOWNLOAD_LIMIT_BYTES,
  TelegramApiError,
  TelegramBotApi,
  TelegramFileTooLargeError,
} from '@ccr/telegram-bot-api';
import { Ctx, On, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import { PaneTargets } from '../executor/pane-targets.service';
import { fileDownloadFailed, fileTooLargeToFetch } from '../files/files-message.util';
import { MediaSessions } from '../files/media-sessions.service';
import { Answerer } from '../replies/answer.service';
import { noteSession } from '../telegram/update-record.util';
import { TypingService } from '../typing/typing.service';
import { SpeechToTextClient, SpeechToTextError } from './speech-to-text.client';
import { SPEECH_TO_TEXT } from './voice.constant';
import { nothingHeard, transcriptionFailed, voiceOff, voiceTypedHtml } from './voice-message.util';

const VOICE_NAME = 'voice message';

/**
 * A voice message, as a reply to a notification (or with the caption `/cmd <session>`):
 * transcribed by the configured service, typed into the session as a prompt, and echoed.
 */
@Update()
export class VoiceUpdate {
  constructor(
    @Inject(SPEECH_TO_TEXT) private readonly stt: SpeechToTextClient | null,
    private readonly media: MediaSessions,
    private readonly targets: PaneTargets,
    private readonly telegram: TelegramBotApi,
    private readonly typing: TypingService,
    private readonly answerer: Answerer,
  ) {}

  @On('voice')
  async voice(@Ctx() ctx: Context): Promise<void> {
    if (!this.media.isForUs(ctx)) return;
    await this.answerer.answer(ctx, async (record) => {
      const stt = this.stt;
      if (!stt) throw voiceOff();
      const { voice } = ctx.message as Message.VoiceMessage;
      const { session } = await this.media.resolve(ctx, record.chatId ?? '', 'voice');
      noteSession(record, session);
      // Checked before the service is asked: a session that cannot be typed into gets nothing.
      const target = this.targets.runningTargetOf(session);
      const audio = await this.download(voice.file_id, voice.file_size);
      let text: string;
      try {
        text = await stt.transcribe(audio, {
          name: 'voice.oga',
          contentType: voice.mime_type ?? 'audio/ogg',
        });
      } catch (error) {
        if (error instanceof SpeechToTextError) throw transcriptionFailed(error.message);
        throw error;
      }
      if (text === '') throw nothingHeard();
      record.fields.text_length = text.length;
      await this.typing.type(target, text);
      return voiceTypedHtml(session, text);
    });
  }

  /** The recording, whole: a voice message is small, and the service takes it in one piece. */
  private async download(fileId: string, size: number | undefined): Promise<Buffer> {
    if (size !== undefined && size > TELEGRAM_DOWNLOAD_LIMIT_BYTES) {
      throw fileTooLargeToFetch(VOICE_NAME, size, TELEGRAM_DOWNLOAD_LIMIT_BYTES);
    }
    try {
      const file = await this.telegram.getFile(fileId);
      const parts: Uint8Array[] = [];
      for await (const chunk of this.telegram.downloadFile(file)) parts.push(chunk);
      return Buffer.concat(parts);
    } catch (error) {
      if (error instanceof TelegramFileTooLargeError) {
        throw fileTooLargeToFetch(VOICE_NAME, error.sizeBytes, error.limitBytes);
      }
      if (error instanceof TelegramApiError) throw fileDownloadFailed(VOICE_NAME, error.message);
      throw error;
    }
  }
}
