import { KeyedSerialQueue } from './keyed-serial-queue.util';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('KeyedSerialQueue', () => {
  it('runs one key in order, and another key meanwhile', async () => {
    const queue = new KeyedSerialQueue();
    const seen: string[] = [];
    const gate = deferred();
    const a1 = queue.run('a', async () => {
      await gate.promise;
      seen.push('a1');
    });
    const a2 = queue.run('a', async () => {
      seen.push('a2');
    });
    await queue.run('b', async () => {
      seen.push('b1');
    });
    expect(seen).toEqual(['b1']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(seen).toEqual(['b1', 'a1', 'a2']);
  });

  it('goes on after a failed task and hands each caller its own outcome', async () => {
    const queue = new KeyedSerialQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    const next = queue.run('a', async () => 42);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
  });

  it('takes objects as keys, each its own queue', async () => {
    const queue = new KeyedSerialQueue<object>();
    const one = {};
    const two = {};
    const gate = deferred();
    const blocked = queue.run(one, () => gate.promise);
    await expect(queue.run(two, async () => 'two done')).resolves.toBe('two done');
    gate.resolve();
    await blocked;
  });

  it('knows when everything is done, and forgets finished keys', async () => {
    const queue = new KeyedSerialQueue();
    const gate = deferred();
    void queue.run('a', () => gate.promise);
    void queue.run('b', async () => undefined);
    expect(queue.size).toBe(2);
    let idle = false;
    const waiting = queue.idle().then(() => (idle = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(queue.size).toBe(0);
  });
});
