export const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `limit` UTF-16 code units (the unit the hub counts), marking the cut
 * with '…'. Never splits a surrogate pair, which would leave an unpaired half in the JSON.
 */
export function clipText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  if (limit < ELLIPSIS.length) return '';
  let end = limit - ELLIPSIS.length;
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(0, end) + ELLIPSIS;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
