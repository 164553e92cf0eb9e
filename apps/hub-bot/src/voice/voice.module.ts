import { Module } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { FilesModule } from '../files/files.module';
import { TypingModule } from '../typing/typing.module';
import { SpeechToTextClient } from './speech-to-text.client';
import { SPEECH_TO_TEXT } from './voice.constant';
import { VoiceUpdate } from './voice.update';

@Module({
  imports: [FilesModule, TypingModule],
  providers: [
    {
      provide: SPEECH_TO_TEXT,
      inject: [BOT_CONFIG],
      useFactory: (config: BotConfig) => (config.stt ? new SpeechToTextClient(config.stt) : null),
    },
    VoiceUpdate,
  ],
})
export class VoiceModule {}
