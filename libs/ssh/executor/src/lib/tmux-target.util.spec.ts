import { ExecutorErrorCode } from './executor.error';
import { assertValidPaneTarget } from './tmux-target.util';

describe('assertValidPaneTarget', () => {
  it('names the server and the expected form', () => {
    expect(() => assertValidPaneTarget('bad target', 'kr4')).toThrow(
      expect.objectContaining({
        code: ExecutorErrorCode.InvalidTarget,
        serverId: 'kr4',
        message: expect.stringMatching(/"bad target".*server "kr4".*%3/),
      }),
    );
  });

  it('refuses what is not a string', () => {
    expect(() => assertValidPaneTarget(3 as unknown as string, 'kr4')).toThrow(
      expect.objectContaining({ code: ExecutorErrorCode.InvalidTarget }),
    );
  });

  it('passes a pane id', () => {
    expect(() => assertValidPaneTarget('%7', 'kr4')).not.toThrow();
  });
});
