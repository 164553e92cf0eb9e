import { MAX_INPUT_IDLE_SECONDS, inputIdleSecondsOf } from './notify-payload';

describe('inputIdleSecondsOf', () => {
  it('reads a whole number of seconds from 0 to a day', () => {
    expect(inputIdleSecondsOf({ inputIdleSeconds: 0 })).toBe(0);
    expect(inputIdleSecondsOf({ inputIdleSeconds: 42, notification: 'x' })).toBe(42);
    expect(inputIdleSecondsOf({ inputIdleSeconds: MAX_INPUT_IDLE_SECONDS })).toBe(
      MAX_INPUT_IDLE_SECONDS,
    );
  });

  it('is undefined when the hook sent none, as older hooks and plain curl do', () => {
    expect(inputIdleSecondsOf({})).toBeUndefined();
    expect(inputIdleSecondsOf(undefined)).toBeUndefined();
    expect(inputIdleSecondsOf(null)).toBeUndefined();
  });

  it.each([-1, 1.5, MAX_INPUT_IDLE_SECONDS + 1, '12', null, Number.NaN])(
    'is null for %j, which no hook sends',
    (value) => {
      expect(inputIdleSecondsOf({ inputIdleSeconds: value })).toBeNull();
    },
  );
});
