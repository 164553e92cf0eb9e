import { clipText, ELLIPSIS } from './clip-text.util';

describe('clipText', () => {
  it('leaves text within the limit alone', () => {
    expect(clipText('hello', 5)).toBe('hello');
  });

  it('cuts to the limit, the last character being the ellipsis', () => {
    const cut = clipText('abcdefghij', 5);
    expect(cut).toBe(`abcd${ELLIPSIS}`);
    expect(cut).toHaveLength(5);
  });

  it('does not split a surrogate pair', () => {
    const cut = clipText('abc😀def', 5);
    expect(cut).toBe(`abc${ELLIPSIS}`);
  });
});
