import { TELEGRAM_MESSAGE_LIMIT } from '@ccr/telegram-format';

/**
 * Drops whole lines from the end until the message fits: the builders keep within the limit,
 * and a line never holds half of an HTML element, so this only guards against a mistake.
 */
export function fitToMessage(html: string, limit = TELEGRAM_MESSAGE_LIMIT): string {
  if (html.length <= limit) return html;
  const lines = html.split('\n');
  while (lines.length > 1 && lines.join('\n').length + 2 > limit) lines.pop();
  const kept = lines.join('\n');
  return kept.length + 2 <= limit ? `${kept}\n…` : kept.slice(0, limit);
}
