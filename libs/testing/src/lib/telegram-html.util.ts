import type { TelegramMessageEntity } from './telegram-bot-api.types';

/** Why Telegram would answer "Bad Request: can't parse entities: …". */
export class TelegramHtmlError extends Error {
  constructor(reason: string) {
    super(`can't parse entities: ${reason}`);
    this.name = 'TelegramHtmlError';
  }
}

export interface ParsedTelegramHtml {
  /** The text the user sees: tags dropped, entities decoded. */
  text: string;
  /** Formatting, offsets and lengths in UTF-16 code units, sorted by offset. */
  entities: TelegramMessageEntity[];
}

const SIMPLE_TAGS: Readonly<Record<string, string>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
};

const SPECIAL_TAGS = new Set(['a', 'span', 'tg-emoji', 'code', 'pre', 'blockquote']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  offset: number;
  entity: Omit<TelegramMessageEntity, 'offset' | 'length'>;
}

function byteOffset(html: string, index: number): number {
  return Buffer.byteLength(html.slice(0, index), 'utf8');
}

function decodeEntities(text: string): string {
  return text.replace(/&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/gi, (whole, named, dec, hex) => {
    if (named !== undefined) return NAMED_ENTITIES[String(named).toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number(dec) : parseInt(String(hex), 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/gi;
  for (const match of source.matchAll(pattern)) {
    const [, name = '', double, single, bare] = match;
    attributes.set(name.toLowerCase(), decodeEntities(double ?? single ?? bare ?? ''));
  }
  return attributes;
}

function entityFor(
  name: string,
  attributes: Map<string, string>,
  open: OpenTag[],
  at: number,
): OpenTag['entity'] {
  const simple = SIMPLE_TAGS[name];
  if (simple) return { type: simple };
  switch (name) {
    case 'a': {
      const href = attributes.get('href') ?? '';
      return { type: 'text_link', url: href };
    }
    case 'span':
      if (attributes.get('class') !== 'tg-spoiler') {
        throw new TelegramHtmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
      }
      return { type: 'spoiler' };
    case 'tg-emoji':
      return { type: 'custom_emoji', custom_emoji_id: attributes.get('emoji-id') ?? '' };
    case 'code': {
      const language = /^language-(.+)$/.exec(attributes.get('class') ?? '')?.[1];
      const parent = open[open.length - 1];
      if (parent?.name === 'pre' && language) parent.entity.language = language;
      return { type: 'code' };
    }
    case 'pre':
      return { type: 'pre' };
    case 'blockquote':
      if (open.some((tag) => tag.name === 'blockquote')) {
        throw new TelegramHtmlError(`Blockquotes can't be nested at byte offset ${at}`);
      }
      return { type: attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote' };
    default:
      throw new TelegramHtmlError(`Unsupported start tag "${name}" at byte offset ${at}`);
  }
}

/**
 * Parses text written for `parse_mode: 'HTML'` as Telegram does, and refuses what Telegram
 * refuses: unknown or unbalanced tags, a bare `<`, tags inside `code`/`pre`. It is stricter in
 * one way on purpose: a bare `&` that starts no entity, or a bare `>`, is refused (Telegram's
 * documentation asks for both to be escaped, though it lets them pass), because every dynamic
 * string must be escaped and a bare `&` or `>` is how a missing escape shows.
 */
export function parseTelegramHtml(html: string): ParsedTelegramHtml {
  const open: OpenTag[] = [];
  const entities: TelegramMessageEntity[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html.charAt(i);
    if (ch === '&') {
      const entity = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i.exec(html.slice(i, i + 16));
      const decoded = entity ? decodeEntities(entity[0]) : null;
      if (!entity || decoded === entity[0]) {
        throw new TelegramHtmlError(
          `Bare "&" (escape it as &amp;) at byte offset ${byteOffset(html, i)}`,
        );
      }
      text += decoded;
      i += entity[0].length;
      continue;
    }
    if (ch === '>') {
      throw new TelegramHtmlError(
        `Bare ">" (escape it as &gt;) at byte offset ${byteOffset(html, i)}`,
      );
    }
    if (ch !== '<') {
      text += ch;
      i += 1;
      continue;
    }

    const at = byteOffset(html, i);
    const end = html.indexOf('>', i);
    if (end < 0) throw new TelegramHtmlError(`Unclosed start tag at byte offset ${at}`);
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>$/.exec(html.slice(i, end + 1));
    if (!tag) {
      const name = /^<\/?([^\s>]*)/.exec(html.slice(i, end + 1))?.[1] ?? '';
      throw new TelegramHtmlError(`Unsupported start tag "${name}" at byte offset ${at}`);
    }
    const [, closing, rawName = '', rest = ''] = tag;
    const name = rawName.toLowerCase();
    if (!SIMPLE_TAGS[name] && !SPECIAL_TAGS.has(name)) {
      throw new TelegramHtmlError(
        `Unsupported ${closing ? 'end' : 'start'} tag "${name}" at byte offset ${at}`,
      );
    }
    if (closing) {
      const top = open.pop();
      if (!top) throw new TelegramHtmlError(`Unexpected end tag at byte offset ${at}`);
      if (top.name !== name) {
        throw new TelegramHtmlError(
          `Unmatched end tag at byte offset ${at}, expected "</${top.name}>", found "</${name}>"`,
        );
      }
      // `<pre><code class="language-x">` is one pre entity carrying the language.
      const mergedIntoPre = name === 'code' && open[open.length - 1]?.name === 'pre';
      const length = text.length - top.offset;
      if (length > 0 && !mergedIntoPre) {
        entities.push({ ...top.entity, offset: top.offset, length });
      }
    } else {
      const parent = open[open.length - 1];
      const insideCode = open.some((t) => t.name === 'code' || t.name === 'pre');
      if (insideCode && !(name === 'code' && parent?.name === 'pre')) {
        throw new TelegramHtmlError(`Can't use tag "${name}" inside code at byte offset ${at}`);
      }
      const entity = entityFor(name, parseAttributes(rest), open, at);
      open.push({ name, offset: text.length, entity });
    }
    i = end + 1;
  }
  const unclosed = open.pop();
  if (unclosed) {
    throw new TelegramHtmlError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

export interface TelegramHtmlCheck {
  /** Why Telegram would refuse the text (or this parser, stricter); empty when nothing would. */
  problems: string[];
  /** The text the user sees: tags dropped, entities decoded; empty when it does not parse. */
  visibleText: string;
}

/** parseTelegramHtml for a message builder's test: what is wrong, if anything, and what shows. */
export function checkTelegramHtml(html: string): TelegramHtmlCheck {
  try {
    return { problems: [], visibleText: parseTelegramHtml(html).text };
  } catch (error) {
    if (!(error instanceof TelegramHtmlError)) throw error;
    return { problems: [error.message], visibleText: '' };
  }
}
