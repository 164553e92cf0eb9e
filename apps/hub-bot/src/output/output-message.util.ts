import type { SessionView } from '@ccr/session-domain';
import { ELLIPSIS } from '@ccr/shared-util';
import { TELEGRAM_MESSAGE_LIMIT, escapeHtml } from '@ccr/telegram-format';
import { BotError } from '../replies/bot.error';
import { code } from '../replies/html.util';
import { splitFirstWord } from '../telegram/command-text.util';

export const DEFAULT_OUTPUT_LINES = 40;
/** More would not fit one message anyway; the executor itself allows 10 000. */
export const MAX_OUTPUT_LINES = 1000;

export const OUTPUT_USAGE =
  `Say which session, and how many lines if not ${DEFAULT_OUTPUT_LINES}: ` +
  `${code('/output kr4:1')} or ${code('/output kr4:1 100')} (at most ${MAX_OUTPUT_LINES}), ` +
  `or reply ${code('/output')} to its notification.`;

/** `/output <session> [lines]`, or a bare `/output` (ref undefined) when replying to a notification. */
export function parseOutputArgs(
  rest: string,
  isReply = false,
): { ref: string | undefined; lines: number } {
  const { word, after } = splitFirstWord(rest);
  if (word === '' && isReply) return { ref: undefined, lines: DEFAULT_OUTPUT_LINES };
  if (word === '') throw BotError.usage(OUTPUT_USAGE);
  const count = after.trim();
  if (count === '') return { ref: word, lines: DEFAULT_OUTPUT_LINES };
  if (!/^\d{1,5}$/.test(count)) throw BotError.usage(OUTPUT_USAGE);
  const lines = Number(count);
  if (lines < 1 || lines > MAX_OUTPUT_LINES) throw BotError.usage(OUTPUT_USAGE);
  return { ref: word, lines };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The end of `text`, escaped, in at most `budget` characters: the last lines of a screen are
 * the ones that matter. What is cut goes from the start, at a line start when one is near,
 * never inside an entity or an emoji, and is marked with '…'.
 */
export function escapedTail(text: string, budget: number): string {
  const escaped = escapeHtml(text);
  if (escaped.length <= budget) return escaped;
  const room = budget - ELLIPSIS.length - 1;
  if (room <= 0) return '';
  let start = text.length;
  let used = 0;
  while (start > 0) {
    const cost = escapeHtml(text.charAt(start - 1)).length;
    if (used + cost > room) break;
    used += cost;
    start -= 1;
  }
  if (start < text.length && isLowSurrogate(text.charCodeAt(start))) start += 1;
  const lineStart = text.indexOf('\n', start);
  // Starting on a whole line reads better, unless that would throw most of it away.
  if (lineStart !== -1 && lineStart - start < 200) start = lineStart + 1;
  return `${ELLIPSIS}\n${escapeHtml(text.slice(start))}`;
}

/** /output: the pane's last lines as preformatted text, escaped and cut to one message. */
export function formatOutputMessage(
  session: SessionView,
  lines: number,
  screen: string,
  limit: number = TELEGRAM_MESSAGE_LIMIT,
): string {
  const header = `🖥 ${code(session.name)} · ${escapeHtml(session.project)} · last ${lines} line${lines === 1 ? '' : 's'} of pane ${code(session.tmux.pane ?? '?')}`;
  if (screen.trim() === '') return `${header}\n<i>The pane shows nothing.</i>`;
  const open = '\n<pre>';
  const close = '</pre>';
  return `${header}${open}${escapedTail(screen, limit - header.length - open.length - close.length)}${close}`;
}
