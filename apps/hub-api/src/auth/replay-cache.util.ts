import { SIGNATURE_TOLERANCE_SECONDS } from '@ccr/protocol';

/**
 * Signatures seen within the tolerance window, so that a captured request cannot be sent
 * again. A signature only needs remembering until its timestamp falls out of the window.
 * The cap bounds memory under a flood; past it the oldest entries go first.
 */
export class ReplayCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Records the signature; true when it had been seen before (a replay). */
  seen(signature: string, timestampSeconds: number, nowMs: number = Date.now()): boolean {
    this.prune(nowMs);
    if (this.expiries.has(signature)) return true;
    if (this.expiries.size >= this.maxEntries) {
      const oldest = this.expiries.keys().next();
      if (!oldest.done) this.expiries.delete(oldest.value);
    }
    this.expiries.set(signature, (timestampSeconds + SIGNATURE_TOLERANCE_SECONDS) * 1000);
    return false;
  }

  get size(): number {
    return this.expiries.size;
  }

  private prune(nowMs: number): void {
    // Entries are inserted in roughly timestamp order; stop at the first live one.
    for (const [signature, expiry] of this.expiries) {
      if (expiry > nowMs) break;
      this.expiries.delete(signature);
    }
  }
}
