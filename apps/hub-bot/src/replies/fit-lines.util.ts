import { TELEGRAM_MESSAGE_LIMIT } from '@ccr/telegram-format';

/**
 * Joins blocks of lines with line breaks, as many whole blocks as fit in `limit` characters
 * together with the note `more(left)` says about those left out.
 */
export function joinWithin(
  blocks: readonly string[],
  more: (left: number) => string,
  limit: number = TELEGRAM_MESSAGE_LIMIT,
): string {
  let text = '';
  for (let i = 0; i < blocks.length; i += 1) {
    const next = text === '' ? blocks[i] : `${text}\n${blocks[i]}`;
    const left = blocks.length - i - 1;
    const note = left > 0 ? `\n${more(left)}` : '';
    // The note for what would be left must still fit after this block.
    if ((next + note).length > limit) {
      return text === '' ? more(blocks.length) : `${text}\n${more(blocks.length - i)}`;
    }
    text = next;
  }
  return text;
}
