/** How waits grow between attempts: doubling from `firstMs`, never above `maxMs`. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
  /**
   * Spread each wait at random by up to this share either way (0.25: 75 % to 125 %), so that
   * many retries started together do not all land in the same instant. None by default.
   */
  jitter?: number;
}

/**
 * The wait before attempt `failures + 1`, after `failures` failed attempts in a row: `firstMs`
 * after the first failure, then twice as long each time, up to `maxMs`.
 */
export function backoffDelay(
  failures: number,
  backoff: Backoff,
  random: () => number = Math.random,
): number {
  // The exponent is bounded so that a long run of failures cannot overflow to Infinity.
  const exponent = Math.min(Math.max(0, failures), 30);
  const wait = Math.min(backoff.maxMs, backoff.firstMs * 2 ** exponent);
  const spread = backoff.jitter ?? 0;
  return Math.round(wait * (1 - spread + random() * 2 * spread));
}
