export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 10_000;
export const DEFAULT_SUBMIT_DELAY_MS = 120;
/** How long `sendText` watches the pane for the text to show before it presses Enter anyway. */
export const DEFAULT_TYPED_WAIT_MS = 3_000;
/** How often it looks. */
export const TYPED_POLL_MS = 25;
/** The screen it looks at: the visible pane and a little above it. */
export const TYPED_SCREEN_LINES = 80;
/** Telegram's 4096-character messages fit even when every character takes three bytes. */
export const DEFAULT_MAX_TEXT_BYTES = 16 * 1024;
/**
 * Longer lines are pasted rather than typed: tmux refuses a command whose arguments pass its
 * 16 KiB message size ("command too long"), while a paste buffer is read from stdin.
 */
export const MAX_TYPED_LINE_BYTES = 8 * 1024;
export const DEFAULT_KEEPALIVE_INTERVAL_MS = 15_000;
export const DEFAULT_KEEPALIVE_COUNT_MAX = 3;
export const DEFAULT_MAX_CHANNELS_PER_SERVER = 8;
export const DEFAULT_SSH_PORT = 22;
export const MAX_CAPTURE_LINES = 10_000;
/** How much of tmux's stderr an error message quotes. */
export const STDERR_EXCERPT_CHARS = 300;
