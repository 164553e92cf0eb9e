/**
 * The only key names `sendKeys` passes to tmux. User text is never matched against this list:
 * it goes through `send-keys -l` or a paste buffer, where `C-c` is three characters.
 */
export const ALLOWED_TMUX_KEYS = [
  'Enter',
  'Escape',
  'Tab',
  'BTab',
  'BSpace',
  'Space',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'C-c',
  'C-d',
  'C-l',
  'C-u',
] as const;

export type TmuxKey = (typeof ALLOWED_TMUX_KEYS)[number];

/** More keys than this in one call is not a key press but typing, and typing has sendText. */
export const MAX_KEYS_PER_CALL = 32;

const ALLOWED = new Set<string>(ALLOWED_TMUX_KEYS);

export function isAllowedTmuxKey(key: string): key is TmuxKey {
  return ALLOWED.has(key);
}
