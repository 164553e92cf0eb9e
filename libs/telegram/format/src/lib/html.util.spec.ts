import { checkTelegramHtml } from '@ccr/testing';
import { escapeAndCut, escapeHtml } from './html.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escapeHtml', () => {
  it('escapes a script tag and its quoted attribute', () => {
    expect(escapeHtml('<script src="x.js">alert(1)</script>')).toBe(
      '&lt;script src=&quot;x.js&quot;&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('escapes an ampersand even when it already looks like an entity', () => {
    expect(escapeHtml('Tom &amp; Jerry & co')).toBe('Tom &amp;amp; Jerry &amp; co');
  });

  it('leaves other text alone, apostrophes and emoji included', () => {
    expect(escapeHtml("it's done 🎉 — 100%")).toBe("it's done 🎉 — 100%");
  });

  it('gives text that Telegram shows exactly as it was', () => {
    const text = '<b>not bold</b> & "quoted" > less';
    const check = checkTelegramHtml(escapeHtml(text));
    expect(check.problems).toEqual([]);
    expect(check.visibleText).toBe(text);
  });
});

describe('escapeAndCut', () => {
  it('cuts in the plain text so that no entity is split', () => {
    expect(escapeAndCut('<<<<', 10)).toBe('&lt;&lt;…');
    expect(escapeAndCut('a&b', 5)).toBe('a…');
    expect(escapeAndCut('a&b', 7)).toBe('a&amp;b');
  });

  it('stays within the limit whatever the text, keeping a visible prefix', () => {
    const text = 'x<y & "z" 😀>'.repeat(5);
    for (let max = 1; max <= 120; max += 1) {
      const cut = escapeAndCut(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      const check = checkTelegramHtml(cut);
      expect(check.problems).toEqual([]);
      expect(check.visibleText).not.toMatch(LONE_SURROGATE);
      const visible = check.visibleText.replace(/…$/, '');
      expect(text.startsWith(visible)).toBe(true);
    }
  });

  it('cuts long text to Telegram’s limit after escaping', () => {
    const plain = escapeAndCut('a'.repeat(5000), TELEGRAM_MESSAGE_LIMIT);
    expect(plain).toHaveLength(TELEGRAM_MESSAGE_LIMIT);
    expect(plain.endsWith('a…')).toBe(true);

    const escaped = escapeAndCut('<'.repeat(5000), TELEGRAM_MESSAGE_LIMIT);
    expect(escaped.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    expect(escaped.length).toBeGreaterThan(TELEGRAM_MESSAGE_LIMIT - 4);
    expect(checkTelegramHtml(escaped).problems).toEqual([]);
  });
});
