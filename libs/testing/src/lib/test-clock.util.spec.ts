import { TestClock } from './test-clock.util';

describe('TestClock', () => {
  it('starts where it is told, runs at the real pace and jumps forward only', async () => {
    const clock = new TestClock(new Date('2030-01-01T23:00:00Z'));
    const first = clock.now().getTime();
    expect(Math.abs(first - Date.parse('2030-01-01T23:00:00Z'))).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now().getTime()).toBeGreaterThan(first);
    clock.jumpTo(new Date('2030-01-02T07:00:00Z'));
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2030-01-02T07:00:00Z'));
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.jumpTo(new Date('2030-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});
