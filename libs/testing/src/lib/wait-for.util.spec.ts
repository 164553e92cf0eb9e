import { waitFor } from './wait-for.util';

describe('waitFor', () => {
  it('resolves with the first answer that is not undefined or false', async () => {
    let calls = 0;
    const value = await waitFor(
      () => {
        calls += 1;
        if (calls < 3) return calls === 1 ? undefined : false;
        return 0;
      },
      { intervalMs: 1, what: 'the third call' },
    );
    expect(value).toBe(0);
    expect(calls).toBe(3);
  });

  it('awaits async probes and treats a throwing probe as not yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        calls += 1;
        if (calls < 2) throw new Error('connection refused');
        return { ready: true };
      },
      { intervalMs: 1 },
    );
    expect(value).toEqual({ ready: true });
  });

  it('rejects after the timeout, naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('ECONNREFUSED');
        },
        { timeoutMs: 30, intervalMs: 5, what: 'hub-api health' },
      ),
    ).rejects.toThrow('Timed out after 30 ms waiting for hub-api health; last error: ECONNREFUSED');
    await expect(waitFor(() => false, { timeoutMs: 10, intervalMs: 5 })).rejects.toThrow(
      'waiting for a condition',
    );
  });
});
