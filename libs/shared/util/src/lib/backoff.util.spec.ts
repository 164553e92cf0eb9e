import { backoffDelay } from './backoff.util';

describe('backoffDelay', () => {
  const backoff = { firstMs: 250, maxMs: 2000 };

  it('doubles from the first wait up to the longest', () => {
    expect([0, 1, 2, 3, 4, 10].map((failures) => backoffDelay(failures, backoff))).toEqual([
      250, 500, 1000, 2000, 2000, 2000,
    ]);
  });

  it('stays finite after any number of failures', () => {
    expect(backoffDelay(10_000, { firstMs: 1000, maxMs: 300_000 })).toBe(300_000);
  });

  it('spreads a wait by the jitter share either way, and not at all without one', () => {
    const jittered = { firstMs: 1000, maxMs: 60_000, jitter: 0.25 };
    expect(backoffDelay(0, jittered, () => 0)).toBe(750);
    expect(backoffDelay(0, jittered, () => 0.5)).toBe(1000);
    expect(backoffDelay(0, jittered, () => 1)).toBe(1250);
    expect(backoffDelay(0, backoff, () => 0)).toBe(250);
  });
});
