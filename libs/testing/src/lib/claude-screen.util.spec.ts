import { isIdleScreen, isPermissionDialog, promptBoxOf } from './claude-screen.util';

const RULE = '─'.repeat(60);

function screen(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

const IDLE = screen(
  ' ▐▛███▛█   Claude Code v2.1.328',
  '❯ hello world',
  '● You said: hello world',
  '',
  RULE,
  '❯ ',
  RULE,
  '  ⏸ manual mode on · ? for shortcuts',
);

describe("reading Claude Code's screen", () => {
  it('finds the empty prompt box below an earlier prompt shown in the transcript', () => {
    expect(promptBoxOf(IDLE)).toEqual({ input: '', footer: '⏸ manual mode on · ? for shortcuts' });
    expect(isIdleScreen(IDLE)).toBe(true);
  });

  it('reads text typed into the box, over several lines', () => {
    const typed = screen(RULE, '❯ first line', '  second line', RULE, '  ⏸ manual mode on');
    expect(promptBoxOf(typed)?.input).toBe('first line\nsecond line');
    expect(isIdleScreen(typed)).toBe(false);
  });

  it('is not idle while a turn runs', () => {
    const running = screen(
      '✢ Thinking… (2s)',
      RULE,
      '❯ ',
      RULE,
      '  ⏸ manual mode on · esc to interrupt',
    );
    expect(promptBoxOf(running)?.input).toBe('');
    expect(isIdleScreen(running)).toBe(false);
  });

  it('sees no prompt box while the permission dialog takes its place', () => {
    const dialog = screen(
      '❯ make the file',
      RULE,
      ' Bash command',
      ' Do you want to proceed?',
      ' ❯ 1. Yes',
      '   4. No',
      ' Esc to cancel · Tab to amend',
    );
    expect(promptBoxOf(dialog)).toBeUndefined();
    expect(isPermissionDialog(dialog)).toBe(true);
    expect(isPermissionDialog(IDLE)).toBe(false);
  });
});
