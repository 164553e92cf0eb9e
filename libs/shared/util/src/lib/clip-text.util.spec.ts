import { clipText, ELLIPSIS } from './clip-text.util';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('clipText', () => {
  it('returns text that fits unchanged, up to exactly the limit', () => {
    expect(clipText('hello', 10)).toBe('hello');
    expect(clipText('hello', 5)).toBe('hello');
  });

  it('cuts to the limit, the last character being the ellipsis', () => {
    const cut = clipText('abcdefghij', 5);
    expect(cut).toBe(`abcd${ELLIPSIS}`);
    expect(cut).toHaveLength(5);
    expect(clipText('hello world', 6)).toBe('hello…');
    expect(clipText('hello world', 1)).toBe('…');
    expect(clipText('hello world', 0)).toBe('');
  });

  it('never splits an emoji surrogate pair', () => {
    expect(clipText('abc😀def', 5)).toBe(`abc${ELLIPSIS}`);
    const text = 'ab😀cd';
    expect(clipText(text, 4)).toBe('ab…');
    expect(clipText(text, 5)).toBe('ab😀…');
    for (let max = 1; max <= 40; max += 1) {
      const cut = clipText('😀'.repeat(20), max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(LONE_SURROGATE);
    }
  });
});
