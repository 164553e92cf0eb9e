import { BotError } from '../replies/bot.error';
import { splitFirstWord } from '../telegram/command-text.util';
import { GET_USAGE } from './files-message.util';

/** Longer than any path a file system takes (PATH_MAX is 4096). */
const MAX_PATH_CHARS = 4096;
// eslint-disable-next-line no-control-regex -- a path with control characters is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * `/get <session> <path>`, or `/get <path>` as a reply to a notification (ref undefined): the
 * path as written, without the spaces around it.
 */
export function parseGetArgs(rest: string, isReply: boolean): { ref?: string; path: string } {
  let ref: string | undefined;
  let path = rest;
  if (!isReply) {
    const { word, after } = splitFirstWord(rest);
    if (word === '') throw BotError.usage(GET_USAGE);
    ref = word;
    path = after;
  }
  path = path.trim();
  if (path === '') throw BotError.usage(GET_USAGE);
  if (CONTROL.test(path) || path.length > MAX_PATH_CHARS) {
    throw BotError.usage(
      `A path is one line of at most ${MAX_PATH_CHARS} characters. ${GET_USAGE}`,
    );
  }
  return ref === undefined ? { path } : { ref, path };
}
