import type { Deadline } from './deadline.util';
import type { DeliveryOutcome } from './delivery-outcome.util';
import type { SpoolLock } from './spool-lock.util';
import {
  listPending,
  readEntry,
  rejectEntry,
  removeAbandonedTemporaryFiles,
  removeEntry,
} from './spool.util';

export interface Rejection {
  name: string;
  movedTo: string;
  reason: string;
}

export interface FlushResult {
  delivered: number;
  rejected: Rejection[];
  /** Events still waiting when the flush stopped. */
  remaining: number;
  /** Why the flush stopped before the spool was empty. */
  stopReason?: string;
}

export interface FlushOptions {
  dir: string;
  /** Held by the caller for the whole flush. */
  lock: SpoolLock;
  deadline: Deadline;
  deliver: (body: string) => Promise<DeliveryOutcome>;
}

/** Why a flush stops when its run no longer holds the spool's lock. */
export const LOCK_LOST_REASON = 'another run took over the spool lock';

/**
 * Sends spooled events oldest first, deleting each only after the hub took it. Stops at the
 * first event the hub could not take now, so that nothing overtakes it, and as soon as another
 * run holds the lock, so that two runs never send side by side. Lists the folder again once it
 * is through, to take along events that runs waiting for the lock spooled meanwhile.
 */
export async function flushSpool(options: FlushOptions): Promise<FlushResult> {
  const { dir, lock, deadline, deliver } = options;
  const result: FlushResult = { delivered: 0, rejected: [], remaining: 0 };
  await removeAbandonedTemporaryFiles(dir);

  let progressed = true;
  while (progressed && result.stopReason === undefined) {
    progressed = false;
    for (const entry of await listPending(dir)) {
      if (deadline.expired()) {
        result.stopReason = 'no time left in this run';
        break;
      }
      const body = await readEntry(entry);
      if (body === null) continue;
      if (!(await lock.refresh())) {
        result.stopReason = LOCK_LOST_REASON;
        break;
      }
      const outcome: DeliveryOutcome = isJsonObject(body)
        ? await deliver(body)
        : { kind: 'rejected', status: 0, reason: 'not a JSON event (damaged file)' };
      if (outcome.kind === 'retry') {
        result.stopReason = outcome.reason;
        break;
      }
      progressed = true;
      if (outcome.kind === 'delivered') {
        await removeEntry(entry);
        result.delivered += 1;
      } else {
        const movedTo = await rejectEntry(dir, entry);
        result.rejected.push({ name: entry.name, movedTo, reason: outcome.reason });
      }
    }
  }
  result.remaining = (await listPending(dir)).length;
  return result;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
