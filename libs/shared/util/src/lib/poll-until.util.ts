export interface PollOptions {
  /** Gives up once this long has passed since the first call. */
  timeoutMs: number;
  /** The pause between two calls. */
  intervalMs: number;
}

/**
 * Calls `check` until it gives something (anything but undefined or false), pausing
 * `intervalMs` between calls; undefined once `timeoutMs` has passed. For waiting on what
 * another process writes (a database row, a screen), where nothing announces the change.
 */
export async function pollUntil<T>(
  check: () => Promise<T | undefined | false>,
  options: PollOptions,
): Promise<T | undefined> {
  const giveUpAt = Date.now() + options.timeoutMs;
  for (;;) {
    const found = await check();
    if (found !== undefined && found !== false) return found;
    if (Date.now() >= giveUpAt) return undefined;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
}
