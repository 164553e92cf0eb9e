export interface WaitForOptions {
  /** Default 10 000. */
  timeoutMs?: number;
  /** Pause between probes; default 50. */
  intervalMs?: number;
  /** What is awaited, for the timeout message ("the session in GET /sessions"). */
  what?: string;
}

/** A probe's answer that means "not yet". */
type NotYet = undefined | false;

/**
 * Calls `probe` until it answers something other than `undefined` or `false`, and resolves
 * with that. A probe that throws counts as "not yet"; its last error is in the timeout message.
 */
export async function waitFor<T>(
  probe: () => Promise<T | NotYet> | T | NotYet,
  options: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const what = options.what ?? 'a condition';
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason =
        lastError === undefined
          ? ''
          : `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${reason}`, {
        cause: lastError,
      });
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
