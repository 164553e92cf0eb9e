/** The speech-to-text client, or null when STT_URL is unset. */
export const SPEECH_TO_TEXT = Symbol('SPEECH_TO_TEXT');
