/** A message that starts with a bot command, taken apart. */
export interface CommandText {
  /** Without the slash, lower case: `cmd`. */
  name: string;
  /** The bot a group message named (`/cmd@ccr_bot`), without the `@`. */
  mention: string | undefined;
  /**
   * Everything after the command and the one space or line break that ends it, exactly as
   * written: what the user typed is typed, spaces and line breaks included.
   */
  rest: string;
}

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{1,64}))?(?=\s|$)/;

/** Reads `/name[@bot] rest`, or returns undefined for text that does not start with a command. */
export function parseCommandText(text: string): CommandText | undefined {
  const match = COMMAND.exec(text);
  if (!match) return undefined;
  const [whole, name = '', mention] = match;
  let rest = text.slice(whole.length);
  if (/^\s/.test(rest)) rest = rest.slice(1);
  return { name: name.toLowerCase(), mention, rest };
}

/** The id of the message this one replies to, if it is a reply. */
export function repliedMessageId(message: object | undefined): number | undefined {
  if (!message || !('reply_to_message' in message)) return undefined;
  const replied = (message as { reply_to_message?: { message_id?: number } }).reply_to_message;
  return replied?.message_id;
}

/** The first word of `rest` and what follows it after the one space or line break that ends it. */
export function splitFirstWord(rest: string): { word: string; after: string } {
  const text = rest.replace(/^\s+/, '');
  const match = /^(\S+)(\s?)/.exec(text);
  if (!match) return { word: '', after: '' };
  return { word: match[1] ?? '', after: text.slice(match[0].length) };
}

/** What follows the command of the update's message (`parseCommandText(…).rest`), or ''. */
export function commandRestOf(message: object | undefined): string {
  const text = message && 'text' in message && typeof message.text === 'string' ? message.text : '';
  return parseCommandText(text)?.rest ?? '';
}
