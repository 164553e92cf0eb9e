import type { SessionView } from '@ccr/session-domain';
import { BotError, BotErrorCode } from '../replies/bot.error';
import { code, escapeHtml } from '../replies/html.util';

export function voiceOff(): BotError {
  return new BotError(
    BotErrorCode.VoiceOff,
    'Voice messages need a transcription service, and none is set up. Set ' +
      `${code('STT_URL')} in hub-bot's .env to an OpenAI-compatible endpoint (such as ` +
      `${code('https://api.openai.com/v1/audio/transcriptions')}, or a speech-to-text server ` +
      `of your own), with ${code('STT_API_KEY')} and ${code('STT_MODEL')} if it needs them, and ` +
      'restart hub-bot. Nothing was typed.',
  );
}

export function transcriptionFailed(detail: string): BotError {
  return new BotError(
    BotErrorCode.TranscriptionFailed,
    `🎙 The transcription service failed: ${escapeHtml(detail)}. Nothing was typed; send it ` +
      'again, or type it.',
  );
}

export function nothingHeard(): BotError {
  return new BotError(
    BotErrorCode.TranscriptionFailed,
    '🎙 The transcription service heard no words in that recording. Nothing was typed.',
  );
}

/** What was heard, echoed, once it was typed. */
export function voiceTypedHtml(session: SessionView, text: string): string {
  return (
    `🎙 Typed into ${code(session.name)} · ${escapeHtml(session.project)}, then Enter:\n` +
    `<blockquote>${escapeHtml(text)}</blockquote>`
  );
}
