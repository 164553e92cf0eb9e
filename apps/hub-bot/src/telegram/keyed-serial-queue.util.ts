/**
 * Runs tasks one after another per key, in the order they were added; different keys run side
 * by side. `idle()` waits for everything added so far.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly running = new Set<Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    this.running.add(settled);
    void settled.then(() => {
      this.running.delete(settled);
      // The last task of a key takes its entry along, so that keys do not pile up.
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return result;
  }

  /** Tasks added and not finished yet. */
  get size(): number {
    return this.running.size;
  }

  /** Resolves once every task added so far has finished (or failed). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
