import type { RemoteHookConfig } from '../config/config.interface';
import { boundedMs, type Deadline } from './deadline.util';
import { flushSpool, type FlushResult } from './flush-spool.util';
import { requeueRejected } from './spool.util';
import { deliverSigned } from './signed-request.util';
import { acquireSpoolLock } from './spool-lock.util';

export interface SpoolDeliveryOptions {
  dir: string;
  config: RemoteHookConfig;
  deadline: Deadline;
  lockWaitMs: number;
  /** Bound on each request, within the deadline. */
  requestTimeoutMs: number;
  /** A request with less time than this left is not started. */
  minRequestMs: number;
  /** Puts the events in rejected/ back in the queue first. */
  retryRejected?: boolean;
}

export interface SpoolDelivery extends FlushResult {
  /** Events taken back from rejected/. */
  requeued: number;
}

/** Delivers the spool under its lock; null when another run holds the lock throughout. */
export async function deliverSpool(options: SpoolDeliveryOptions): Promise<SpoolDelivery | null> {
  const { dir, config, deadline } = options;
  const lock = await acquireSpoolLock(dir, { waitMs: boundedMs(deadline, options.lockWaitMs) });
  if (!lock) return null;
  const notifyUrl = new URL(config.endpoint);
  try {
    const requeued = options.retryRejected ? await requeueRejected(dir) : 0;
    const result = await flushSpool({
      dir,
      lock,
      deadline,
      deliver: async (body) => {
        const timeoutMs = boundedMs(deadline, options.requestTimeoutMs);
        if (timeoutMs < options.minRequestMs) {
          return { kind: 'retry', reason: 'no time left in this run' };
        }
        return deliverSigned(notifyUrl, config.secret, body, timeoutMs);
      },
    });
    return { ...result, requeued };
  } finally {
    await lock.release();
  }
}
