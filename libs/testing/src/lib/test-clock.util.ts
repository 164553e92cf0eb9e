/**
 * A clock for end-to-end tests that depend on the time of day: it runs at the real pace from
 * the instant the test starts it at, so that rate limits and timeouts behave as they do, and
 * jumps forward when the test says (to the end of quiet hours, past a mute). It never goes
 * back, as a service's timers would not expect that.
 */
export class TestClock {
  private offsetMs: number;

  constructor(start: Date = new Date()) {
    this.offsetMs = start.getTime() - Date.now();
  }

  /** The clock itself, to hand to a service as its `() => Date`. */
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`TestClock moves forward only, not by ${ms} ms`);
    this.offsetMs += ms;
  }

  /** Jumps to `at`, which must not be before the clock's time. */
  jumpTo(at: Date): void {
    this.advance(at.getTime() - this.now().getTime());
  }
}
