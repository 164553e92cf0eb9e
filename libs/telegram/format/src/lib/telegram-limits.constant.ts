/** Telegram refuses a message longer than this many characters. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
