import { ExecutorErrorCode } from './executor.error';
import type { ServerConfig } from './server-config.types';
import { TmuxExecutor } from './tmux.executor';

// A tmux that cannot run: any call that got as far as running it fails with TmuxMissing, so
// the errors below prove the calls were refused first.
const server: ServerConfig = { id: 'local', type: 'local', tmuxPath: '/nonexistent/tmux' };

describe('TmuxExecutor', () => {
  let executor: TmuxExecutor;

  beforeEach(() => {
    executor = new TmuxExecutor();
  });
  afterEach(() => executor.close());

  it('refuses options out of range', () => {
    expect(() => new TmuxExecutor({ connectTimeoutMs: 0 })).toThrow(/connectTimeoutMs/);
    expect(() => new TmuxExecutor({ maxChannelsPerServer: 1.5 })).toThrow(/maxChannelsPerServer/);
    expect(() => new TmuxExecutor({ submitDelayMs: -1 })).toThrow(/submitDelayMs/);
    expect(() => new TmuxExecutor({ submitDelayMs: 0, keepaliveIntervalMs: 0 })).not.toThrow();
  });

  it('refuses bad calls before running tmux', async () => {
    const refused = async (call: Promise<unknown>, code: ExecutorErrorCode): Promise<void> => {
      await expect(call).rejects.toMatchObject({ code, serverId: 'local' });
    };
    await refused(executor.sendText(server, '%1;x', 'hi'), ExecutorErrorCode.InvalidTarget);
    await refused(
      executor.sendText(server, '%1', 'x'.repeat(16 * 1024 + 1)),
      ExecutorErrorCode.TextTooLong,
    );
    await refused(executor.sendText(server, '%1', 'a\u0003'), ExecutorErrorCode.InvalidText);
    await refused(executor.sendKeys(server, '%1', ['Delete']), ExecutorErrorCode.InvalidKey);
    await refused(executor.capturePane(server, '%1', 0), ExecutorErrorCode.InvalidArgument);
    await refused(executor.capturePane(server, '%1', 10_001), ExecutorErrorCode.InvalidArgument);
    await expect(
      executor.sendText(
        { id: 'kr4', type: 'remote', host: '', user: 'u', keyPath: 'k' },
        '%1',
        'x',
      ),
    ).rejects.toMatchObject({ code: ExecutorErrorCode.InvalidServerConfig, serverId: 'kr4' });
  });

  it('runs tmux once a call is valid', async () => {
    await expect(executor.sendText(server, '%1', 'hi')).rejects.toMatchObject({
      code: ExecutorErrorCode.TmuxMissing,
    });
  });

  it('honours a smaller text limit', async () => {
    const strict = new TmuxExecutor({ maxTextBytes: 4 });
    try {
      await expect(strict.sendText(server, '%1', 'hello')).rejects.toMatchObject({
        code: ExecutorErrorCode.TextTooLong,
      });
    } finally {
      await strict.close();
    }
  });
});
