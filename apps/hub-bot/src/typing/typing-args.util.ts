import { BotError } from '../replies/bot.error';
import { code } from '../replies/html.util';
import { splitFirstWord } from '../telegram/command-text.util';

export const CMD_USAGE =
  `Write the session, then the text: ${code('/cmd kr4:1 yes, go on')} ` +
  '(its 8-character token works instead of kr4:1). /sessions lists live ones.';

export const ESC_USAGE =
  `Say which session: ${code('/esc kr4:1')}, or reply ${code('/esc')} to its notification. ` +
  '/sessions lists live ones.';

/** `/cmd <session> <text>`: the text exactly as written after the session and one space. */
export function parseCmdArgs(rest: string): { ref: string; text: string } {
  const { word, after } = splitFirstWord(rest);
  if (word === '') throw BotError.usage(CMD_USAGE);
  if (after.trim() === '') throw BotError.usage(`Nothing to type into ${code(word)}. ${CMD_USAGE}`);
  return { ref: word, text: after };
}

/** `/esc <session>`, or a bare `/esc` (ref undefined) when replying to a notification. */
export function parseEscArgs(rest: string, isReply = false): { ref: string | undefined } {
  const { word, after } = splitFirstWord(rest);
  if (word === '' && isReply) return { ref: undefined };
  if (word === '' || after.trim() !== '') throw BotError.usage(ESC_USAGE);
  return { ref: word };
}
