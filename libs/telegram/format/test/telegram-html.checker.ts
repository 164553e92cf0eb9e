/**
 * A small checker for the HTML subset Telegram accepts in `parse_mode: 'HTML'`, so specs can
 * prove that a formatted message would not be refused with "can't parse entities".
 */

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
};

export interface HtmlCheck {
  /** Why Telegram would refuse the message; empty when it would not. */
  problems: string[];
  /** The text the user sees: tags dropped, entities decoded. */
  visibleText: string;
}

export function checkTelegramHtml(html: string): HtmlCheck {
  const problems: string[] = [];
  const open: string[] = [];
  let visibleText = '';
  let i = 0;
  while (i < html.length) {
    const ch = html.charAt(i);
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) {
        problems.push(`unclosed tag at ${i}`);
        break;
      }
      const tag = /^<(\/?)([a-z-]+)(\s[^<>]*)?>$/.exec(html.slice(i, end + 1));
      if (!tag) {
        problems.push(`malformed tag ${JSON.stringify(html.slice(i, end + 1))} at ${i}`);
      } else {
        const [, closing, name = ''] = tag;
        if (!ALLOWED_TAGS.has(name)) problems.push(`unsupported tag <${name}> at ${i}`);
        if (closing) {
          const expected = open.pop();
          if (expected !== name) problems.push(`</${name}> at ${i} closes <${expected ?? ''}>`);
        } else {
          if (open.includes('code') || open.includes('pre')) {
            if (!(name === 'code' && open[open.length - 1] === 'pre')) {
              problems.push(`<${name}> inside code at ${i}`);
            }
          }
          if (name === 'blockquote' && open.includes('blockquote')) {
            problems.push(`nested blockquote at ${i}`);
          }
          open.push(name);
        }
      }
      i = end + 1;
    } else if (ch === '&') {
      const entity = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i.exec(html.slice(i, i + 12));
      if (!entity) {
        problems.push(`bare & at ${i}`);
        visibleText += ch;
        i += 1;
        continue;
      }
      const [whole, named, decimal, hex] = entity;
      if (named !== undefined) {
        const decoded = NAMED_ENTITIES[named];
        if (decoded === undefined) problems.push(`unsupported entity &${named}; at ${i}`);
        visibleText += decoded ?? '';
      } else {
        visibleText += String.fromCodePoint(
          decimal !== undefined ? Number(decimal) : parseInt(hex ?? '0', 16),
        );
      }
      i += whole.length;
    } else {
      if (ch === '>') problems.push(`bare > at ${i}`);
      visibleText += ch;
      i += 1;
    }
  }
  if (open.length > 0) problems.push(`unclosed <${open.join('>, <')}>`);
  return { problems, visibleText };
}
