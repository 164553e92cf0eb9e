/** Marks text that was cut; one UTF-16 unit, so it costs one character of a limit. */
export const ELLIPSIS = '…';

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Cuts `text` to at most `limit` UTF-16 code units (what `String#length` counts, and what the
 * hub and Telegram count), ending with '…' when something was cut. Never splits a surrogate
 * pair: a lone half shows as a broken character and is not valid in JSON text.
 */
export function clipText(text: string, limit: number): string {
  const max = Math.floor(limit);
  if (max <= 0) return '';
  if (text.length <= max) return text;
  let end = max - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}
