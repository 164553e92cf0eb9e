import type { SpeechToTextConfig } from '@ccr/config';
import { clipText } from '@ccr/shared-util';

/** Why a transcription failed, in words for the chat. */
export class SpeechToTextError extends Error {
  override readonly name = 'SpeechToTextError';
}

/** How much of a service's error message is worth showing. */
const DETAIL_CHARS = 200;

/**
 * An OpenAI-compatible transcription endpoint (`POST …/v1/audio/transcriptions`, multipart
 * `file` and `model`, answering `{ "text": … }`), as OpenAI and the speech-to-text servers
 * people run themselves speak it.
 */
export class SpeechToTextClient {
  constructor(private readonly config: SpeechToTextConfig) {}

  /** The words of a recording; '' when nothing was heard. */
  async transcribe(
    audio: Uint8Array,
    file: { name: string; contentType: string },
  ): Promise<string> {
    const form = new FormData();
    form.set('model', this.config.model);
    form.set('response_format', 'json');
    form.set('file', new Blob([audio], { type: file.contentType }), file.name);
    let response: Response;
    try {
      response = await fetch(this.config.url, {
        method: 'POST',
        headers: this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {},
        body: form,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
    } catch (error) {
      throw new SpeechToTextError(
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.config.timeoutMs / 1000} s`
          : `cannot reach it (${(error as Error).message})`,
      );
    }
    let body: string;
    try {
      body = await response.text();
    } catch (error) {
      throw new SpeechToTextError(
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.config.timeoutMs / 1000} s`
          : 'the answer broke off',
      );
    }
    const parsed = parseJson(body);
    if (!response.ok) {
      const message = errorMessageOf(parsed) ?? body;
      throw new SpeechToTextError(
        `HTTP ${response.status}${message.trim() ? `: ${clipText(message.trim(), DETAIL_CHARS)}` : ''}`,
      );
    }
    const text = (parsed as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string') throw new SpeechToTextError('its answer holds no "text"');
    return text.trim();
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** `{ "error": { "message": … } }` as OpenAI writes it, or `{ "detail": … }` as some servers do. */
function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  const detail = (body as { detail?: unknown }).detail;
  return typeof detail === 'string' ? detail : undefined;
}
