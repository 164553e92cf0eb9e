import { ELLIPSIS } from '@ccr/shared-util';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

const HTML_SPECIAL = /[&<>"]/g;

/**
 * Escapes text for Telegram's HTML parse mode. `"` is escaped too, so the result is also safe
 * inside an attribute value (`<a href="…">`); Telegram knows `&quot;`.
 */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL, (ch) => HTML_ESCAPES[ch] ?? ch);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Escapes `text` and cuts it so that the ESCAPED result is at most `maxChars` long, ending with
 * '…' when something was cut. The cut is made in the plain text (never inside an entity or a
 * surrogate pair) and accounts for escaping growing the text: `<` costs four characters.
 */
export function escapeAndCut(text: string, maxChars: number): string {
  const max = Math.floor(maxChars);
  if (max <= 0) return '';
  const escaped = escapeHtml(text);
  if (escaped.length <= max) return escaped;

  const budget = max - ELLIPSIS.length;
  let used = 0;
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const pair =
      isHighSurrogate(code) && end + 1 < text.length && isLowSurrogate(text.charCodeAt(end + 1));
    const units = pair ? 2 : 1;
    const cost = pair ? 2 : (HTML_ESCAPES[text.charAt(end)]?.length ?? 1);
    if (used + cost > budget) break;
    used += cost;
    end += units;
  }
  return escapeHtml(text.slice(0, end)) + ELLIPSIS;
}
