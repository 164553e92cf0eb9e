import { pollUntil } from './poll-until.util';

describe('pollUntil', () => {
  it('gives the first answer that is something, and stops asking', async () => {
    const answers = [undefined, false, 0, 7];
    let calls = 0;
    const found = await pollUntil(async () => answers[calls++], {
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    // 0 is something: only undefined and false mean "not yet".
    expect(found).toBe(0);
    expect(calls).toBe(3);
  });

  it('gives undefined once the time is up, having asked at least once', async () => {
    let calls = 0;
    const found = await pollUntil(
      async () => {
        calls += 1;
        return false;
      },
      { timeoutMs: 20, intervalMs: 5 },
    );
    expect(found).toBeUndefined();
    expect(calls).toBeGreaterThanOrEqual(1);
  });

  it('passes on what the check throws', async () => {
    await expect(
      pollUntil(
        async () => {
          throw new Error('broken');
        },
        { timeoutMs: 1_000, intervalMs: 1 },
      ),
    ).rejects.toThrow('broken');
  });
});
