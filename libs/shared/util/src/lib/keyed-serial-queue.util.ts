/**
 * Runs tasks one after another per key, in the order they were added; different keys run side
 * by side. A failed task does not stop the ones queued behind it, and each caller gets its own
 * task's outcome. A key is forgotten once nothing is queued behind its last task, so keys do not
 * pile up (an object used as a key is not held after its tasks are done).
 */
export class KeyedSerialQueue<K = string> {
  private readonly tails = new Map<K, Promise<void>>();
  private readonly running = new Set<Promise<void>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
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
