import { ExecutorErrorCode } from './executor.error';
import { assertValidPaneTarget, isValidPaneTarget } from './tmux-target.util';

describe('isValidPaneTarget', () => {
  it.each(['%0', '%3', '%123456789', 'work', 'work:1', 'work:1.0', 'my_session-2:10.3'])(
    'accepts %s',
    (target) => expect(isValidPaneTarget(target)).toBe(true),
  );

  it.each([
    '',
    '%',
    '%-1',
    '%1234567890',
    '%3;kill-server',
    '-t',
    '-%3',
    'work:',
    'work:1.',
    'work:a',
    'work.1',
    '=work',
    '{last}',
    '~',
    '!',
    'a b',
    "work'",
    '$(id)',
    'work:1.0\n',
    '%3 ',
    'x'.repeat(65),
  ])('refuses %j', (target) => expect(isValidPaneTarget(target)).toBe(false));
});

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
