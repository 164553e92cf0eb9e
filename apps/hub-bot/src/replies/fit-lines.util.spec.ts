import { joinWithin } from './fit-lines.util';

describe('joinWithin', () => {
  const more = (n: number) => `… ${n} more`;

  it('joins everything that fits', () => {
    expect(joinWithin(['a', 'b', 'c'], more, 100)).toBe('a\nb\nc');
  });

  it('keeps whole blocks and says how many were left out', () => {
    const blocks = ['1111', '2222', '3333', '4444'];
    const text = joinWithin(blocks, more, 22);
    expect(text).toBe('1111\n2222\n… 2 more');
    expect(text.length).toBeLessThanOrEqual(22);
  });

  it('says so when not even one block fits', () => {
    expect(joinWithin(['x'.repeat(50)], more, 20)).toBe('… 1 more');
  });
});
