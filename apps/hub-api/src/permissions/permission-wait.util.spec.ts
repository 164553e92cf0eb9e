import type { PermissionStatus } from '@ccr/protocol';
import { waitWhilePending } from './permission-wait.util';

type Row = { status: PermissionStatus };

/** A read that answers the given statuses in turn, then the last one for ever. */
function reads(...statuses: PermissionStatus[]) {
  const read = jest.fn(async (): Promise<Row> => ({
    status: statuses.length > 1 ? (statuses.shift() as PermissionStatus) : statuses[0],
  }));
  return read;
}

describe('waitWhilePending', () => {
  it('answers a final status at once, without reading again', async () => {
    const read = reads('pending');
    expect(
      await waitWhilePending({ status: 'deny' }, read, { waitMs: 60_000, intervalMs: 10 }),
    ).toEqual({ status: 'deny' });
    expect(read).not.toHaveBeenCalled();
  });

  it('reads again while pending and answers the decision when it comes', async () => {
    const read = reads('pending', 'pending', 'allow-session');
    const answer = await waitWhilePending({ status: 'pending' }, read, {
      waitMs: 60_000,
      intervalMs: 1,
    });
    expect(answer).toEqual({ status: 'allow-session' });
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('answers pending when the time is up', async () => {
    const read = reads('pending');
    const answer = await waitWhilePending({ status: 'pending' }, read, {
      waitMs: 30,
      intervalMs: 5,
    });
    expect(answer).toEqual({ status: 'pending' });
    expect(read).toHaveBeenCalled();
  });

  it('answers at once for a wait of zero seconds', async () => {
    const read = reads('allow');
    expect(
      await waitWhilePending({ status: 'pending' }, read, { waitMs: 0, intervalMs: 5 }),
    ).toEqual({ status: 'pending' });
    expect(read).not.toHaveBeenCalled();
  });

  it('stops when the signal aborts, with what it read last, reading no more', async () => {
    const read = reads('pending');
    const controller = new AbortController();
    const waiting = waitWhilePending({ status: 'pending' }, read, {
      waitMs: 60_000,
      intervalMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    expect(await waiting).toEqual({ status: 'pending' });
    expect(read).not.toHaveBeenCalled();
  });

  it('passes on a failed read', async () => {
    const read = jest.fn(async (): Promise<Row> => {
      throw new Error('gone');
    });
    await expect(
      waitWhilePending({ status: 'pending' }, read, { waitMs: 60_000, intervalMs: 1 }),
    ).rejects.toThrow('gone');
  });
});
