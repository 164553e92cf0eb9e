import { ExecutorErrorCode } from './executor.error';
import { excerpt, isGoneStderr, tmuxFailure } from './tmux-output.util';

const context = { serverId: 'kr4', pane: '%3', label: 'tmux send-keys' };

describe('tmuxFailure', () => {
  it.each([
    "can't find pane: %3",
    "can't find window: 5",
    "can't find session: work",
    'no server running on /tmp/tmux-1000/default',
    'error connecting to /tmp/tmux-1000/default (No such file or directory)',
  ])('calls "%s" PaneGone', (stderr) => {
    const error = tmuxFailure({ code: 1, stdout: '', stderr }, context);
    expect(error.code).toBe(ExecutorErrorCode.PaneGone);
    expect(error.message).toMatch(/pane %3 on server "kr4" is gone/);
  });

  it('calls exit 127 with "not found" TmuxMissing', () => {
    const error = tmuxFailure(
      { code: 127, stdout: '', stderr: 'sh: 1: tmux: not found\n' },
      context,
    );
    expect(error.code).toBe(ExecutorErrorCode.TmuxMissing);
    expect(error.message).toContain('tmuxPath');
  });

  it('quotes stderr for anything else', () => {
    const error = tmuxFailure({ code: 1, stdout: '', stderr: 'unknown key: Foo\n' }, context);
    expect(error).toMatchObject({ code: ExecutorErrorCode.TmuxFailed, serverId: 'kr4' });
    expect(error.message).toBe(
      'tmux send-keys failed on server "kr4" with exit code 1: unknown key: Foo',
    );
  });

  it('does not call a missing pane gone when no pane was targeted', () => {
    const error = tmuxFailure(
      { code: 1, stdout: '', stderr: 'no server running' },
      { ...context, pane: undefined },
    );
    expect(error.code).toBe(ExecutorErrorCode.TmuxFailed);
  });
});

describe('excerpt', () => {
  it('folds whitespace and cuts long output', () => {
    expect(excerpt(' a\n b \n')).toBe('a b');
    expect(excerpt('x'.repeat(400))).toHaveLength(301);
  });
});

describe('isGoneStderr', () => {
  it('is false for other errors', () => {
    expect(isGoneStderr('unknown command: foo')).toBe(false);
  });
});
