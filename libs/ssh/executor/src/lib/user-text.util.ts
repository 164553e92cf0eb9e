import { MAX_TYPED_LINE_BYTES } from './executor.constant';
import { ExecutorError, ExecutorErrorCode } from './executor.error';

/**
 * Control characters a terminal or the program in it would act on instead of showing: ESC
 * (which could end a bracketed paste early and smuggle in keys), ^C and friends, DEL and the
 * C1 range. Tab and newline are the only ones chat text legitimately holds.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;
/** A lone UTF-16 surrogate cannot be encoded as UTF-8; it would arrive as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

export type TypingMode = 'line' | 'paste';

/**
 * Claude Code reads a backslash just before Enter as "new line", not "submit", even after a
 * paste: the text would stay in its prompt box and the next one would be added to it. A space
 * after the backslash keeps Enter a submit, and Claude Code drops whitespace at the end of a
 * prompt, so the prompt arrives as sent.
 */
const ENDS_IN_BACKSLASH = /\\$/;

export interface PreparedText {
  text: string;
  /** `line`: one `send-keys -l`; `paste`: through a tmux buffer, bracketed. */
  mode: TypingMode;
  bytes: number;
}

function describeChar(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Checks and normalises text before it is typed. Line ends become `\n` (a lone `\r` would
 * submit early); a final backslash gets a space after it (see ENDS_IN_BACKSLASH). Text with a
 * newline or a tab is pasted, since a typed tab is a key press, and so is a line too long for
 * one tmux command.
 */
export function prepareUserText(raw: string, maxBytes: number, serverId: string): PreparedText {
  if (typeof raw !== 'string') {
    throw new ExecutorError(ExecutorErrorCode.InvalidText, 'The text to type must be a string.', {
      serverId,
    });
  }
  const text = raw.replace(/\r\n?/g, '\n');
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    throw new ExecutorError(
      ExecutorErrorCode.TextTooLong,
      `The text is ${bytes} bytes long; at most ${maxBytes} bytes can be typed into a pane at ` +
        'once. Send it in parts.',
      { serverId },
    );
  }
  const control = FORBIDDEN_CONTROL.exec(text);
  if (control) {
    throw new ExecutorError(
      ExecutorErrorCode.InvalidText,
      `The text contains the control character ${describeChar(control[0])} at position ` +
        `${control.index}; only newlines and tabs may be typed.`,
      { serverId },
    );
  }
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    throw new ExecutorError(
      ExecutorErrorCode.InvalidText,
      `The text contains a broken character (lone surrogate) at position ${surrogate.index}.`,
      { serverId },
    );
  }
  const paste = /[\n\t]/.test(text) || bytes > MAX_TYPED_LINE_BYTES;
  const typed = ENDS_IN_BACKSLASH.test(text) ? `${text} ` : text;
  return { text: typed, mode: paste ? 'paste' : 'line', bytes };
}
