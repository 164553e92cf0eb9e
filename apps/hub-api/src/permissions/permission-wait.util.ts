import type { PermissionStatus } from '@ccr/protocol';
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitWhilePendingOptions {
  /** Give up after this long and answer what the status is then. */
  waitMs: number;
  /** Pause between reads. */
  intervalMs: number;
  /** Stops the wait early (the client went away, the hub is shutting down). */
  signal?: AbortSignal;
}

/** Resolves after `ms`, or at once when `signal` aborts; never rejects. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // Aborted: the caller looks at the signal.
  }
}

/**
 * Reads `read()` again every `intervalMs` while the status is pending, until it changes, the
 * time is up or the signal aborts; returns the last thing read. The decision is written by
 * another process into the shared file, so reading again is the only way to learn of it.
 */
export async function waitWhilePending<T extends { status: PermissionStatus }>(
  first: T,
  read: () => Promise<T>,
  options: WaitWhilePendingOptions,
): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  let current = first;
  while (current.status === 'pending' && !options.signal?.aborted) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    await pause(Math.min(options.intervalMs, left), options.signal);
    // Aborted: the client is gone or the hub is closing its database; what was read will do.
    if (options.signal?.aborted) break;
    current = await read();
  }
  return current;
}
