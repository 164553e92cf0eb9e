/** Telegram refuses a message longer than this many characters. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Telegram refuses a callback answer (the text shown over the chat) longer than this. */
export const CALLBACK_ANSWER_LIMIT = 200;
