import { TelegramHtmlError, checkTelegramHtml, parseTelegramHtml } from './telegram-html.util';

describe('parseTelegramHtml', () => {
  it('gives the visible text and entities in UTF-16 offsets', () => {
    expect(parseTelegramHtml('😀 <b>bold <i>both</i></b> &lt;&gt;&amp;&quot;&#39;&#x41;')).toEqual({
      text: '😀 bold both <>&"\'A',
      entities: [
        { type: 'bold', offset: 3, length: 9 },
        { type: 'italic', offset: 8, length: 4 },
      ],
    });
  });

  it('knows links, spoilers, quotes and code blocks with a language', () => {
    const { text, entities } = parseTelegramHtml(
      '<a href="https://x.test/?a=1&amp;b=2">link</a><span class="tg-spoiler">s</span>' +
        '<blockquote expandable>q</blockquote><pre><code class="language-ts">let x</code></pre>',
    );
    expect(text).toBe('linksqlet x');
    expect(entities).toEqual([
      { type: 'text_link', offset: 0, length: 4, url: 'https://x.test/?a=1&b=2' },
      { type: 'spoiler', offset: 4, length: 1 },
      { type: 'expandable_blockquote', offset: 5, length: 1 },
      { type: 'pre', offset: 6, length: 5, language: 'ts' },
    ]);
  });

  it.each([
    ['a <script>', 'Unsupported start tag "script" at byte offset 2'],
    ['a < b', 'Unclosed start tag at byte offset 2'],
    ['a < b > c', 'Unsupported start tag "" at byte offset 2'],
    ['<b>x', 'Can\'t find end tag corresponding to start tag "b"'],
    ['<b>x</i>', 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'],
    ['<b>x</foo>', 'Unsupported end tag "foo" at byte offset 4'],
    ['<b><i>x</b></i>', 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'],
    ['x</b>', 'Unexpected end tag at byte offset 1'],
    ['Tom & Jerry', 'Bare "&"'],
    ['&nbsp;', 'Bare "&"'],
    ['a -> b', 'Bare ">" (escape it as &gt;) at byte offset 3'],
    ['<code><b>x</b></code>', 'Can\'t use tag "b" inside code'],
    ['<blockquote><blockquote>x</blockquote></blockquote>', "Blockquotes can't be nested"],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler"'],
  ])('refuses %j', (html, reason) => {
    expect(() => parseTelegramHtml(html)).toThrow(TelegramHtmlError);
    expect(() => parseTelegramHtml(html)).toThrow(`can't parse entities: ${reason}`);
  });

  it('reports byte offsets, as Telegram does', () => {
    expect(() => parseTelegramHtml('ü <x>')).toThrow('at byte offset 3');
  });
});

describe('checkTelegramHtml', () => {
  it('lists what is wrong instead of throwing, and the text shown when nothing is', () => {
    expect(checkTelegramHtml('<b>a</b> &amp; b')).toEqual({ problems: [], visibleText: 'a & b' });
    expect(checkTelegramHtml('<b>a')).toEqual({
      problems: ['can\'t parse entities: Can\'t find end tag corresponding to start tag "b"'],
      visibleText: '',
    });
  });
});
