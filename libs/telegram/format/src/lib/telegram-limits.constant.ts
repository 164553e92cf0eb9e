/** Telegram refuses a message longer than this many characters. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Marks text that was cut; one UTF-16 unit, so it costs one character of the limit. */
export const ELLIPSIS = '…';
