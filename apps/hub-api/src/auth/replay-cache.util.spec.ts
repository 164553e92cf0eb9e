import { ReplayCache } from './replay-cache.util';

describe('ReplayCache', () => {
  const t = 1_700_000_000;

  it('reports a signature seen before within the window', () => {
    const cache = new ReplayCache();
    expect(cache.seen('sig-a', t, t * 1000)).toBe(false);
    expect(cache.seen('sig-a', t, t * 1000 + 10_000)).toBe(true);
    expect(cache.seen('sig-b', t, t * 1000 + 10_000)).toBe(false);
  });

  it('forgets a signature once its timestamp is out of the window', () => {
    const cache = new ReplayCache();
    cache.seen('sig-a', t, t * 1000);
    cache.seen('sig-b', t + 200, t * 1000);
    expect(cache.seen('sig-c', t + 301, (t + 301) * 1000)).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('stays within its cap, dropping the oldest first', () => {
    const cache = new ReplayCache(2);
    cache.seen('one', t, t * 1000);
    cache.seen('two', t, t * 1000);
    cache.seen('three', t, t * 1000);
    expect(cache.size).toBe(2);
    expect(cache.seen('three', t, t * 1000)).toBe(true);
    expect(cache.seen('one', t, t * 1000)).toBe(false);
  });
});
