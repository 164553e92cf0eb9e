import { escapeHtml } from '@ccr/telegram-format';

/** Inline code, escaped: names, tokens, commands to copy. */
export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

export function bold(text: string): string {
  return `<b>${escapeHtml(text)}</b>`;
}

export function italic(text: string): string {
  return `<i>${escapeHtml(text)}</i>`;
}

export { escapeHtml };
