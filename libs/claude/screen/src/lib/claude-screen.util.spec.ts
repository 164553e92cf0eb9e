import {
  TRUST_DIALOG_KEYS,
  isIdleScreen,
  isPermissionDialog,
  isTrustDialog,
  promptBoxOf,
  showsTyped,
  trustDialogChoice,
  type TrustChoice,
} from './claude-screen.util';

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

/** The trust dialog as Claude Code 2.1.328 draws it, cursor on `cursor`. */
function trustDialog(cursor: TrustChoice): string {
  const mark = (choice: TrustChoice) => (choice === cursor ? '❯' : ' ');
  return screen(
    RULE,
    ' Accessing workspace:',
    '',
    ' /home/dev/projects/fresh',
    '',
    " Quick safety check: Is this a project you created or one you trust? (Like your own code, a well-known open source project, or work from your team). If not, take a moment to review what's in this",
    ' folder first.',
    '',
    " Claude Code'll be able to read, edit, and execute files here.",
    '',
    ' Security guide',
    '',
    ` ${mark('exit')} No, exit`,
    ` ${mark('trust')} Yes, I trust this folder`,
    '',
    ' Enter to confirm · Esc to cancel',
  );
}

describe('the trust dialog', () => {
  it('is told apart from the prompt box and from other dialogs', () => {
    expect(isTrustDialog(trustDialog('exit'))).toBe(true);
    expect(isTrustDialog(IDLE)).toBe(false);
    expect(isTrustDialog(screen('Do you want to proceed?', '❯ 1. Yes', '  2. No'))).toBe(false);
    // Someone quoting the question in a prompt does not make a dialog.
    expect(isTrustDialog(`${IDLE}● Is this a project you created or one you trust?\n`)).toBe(false);
  });

  it('reads the answer under the cursor', () => {
    expect(trustDialogChoice(trustDialog('exit'))).toBe('exit');
    expect(trustDialogChoice(trustDialog('trust'))).toBe('trust');
    expect(trustDialogChoice(IDLE)).toBeUndefined();
  });

  it('has its keys', () => {
    expect(TRUST_DIALOG_KEYS).toEqual({ next: 'Down', confirm: 'Enter', cancel: 'Escape' });
  });
});

describe('showsTyped: whether Enter would now submit the text', () => {
  const typed = (...box: string[]): string =>
    screen('● You said: hello world', '', RULE, ...box, RULE, '  ⏸ manual mode on');

  it('is true once the box ends with the text, wrapped and with emoji as tmux shows them', () => {
    expect(showsTyped(typed('❯ fix the failing test'), 'fix the failing test')).toBe(true);
    // Claude Code wraps a long line in the box and indents what follows.
    const long = `${'word '.repeat(30)}and the end`;
    expect(
      showsTyped(typed(`❯ ${'word '.repeat(20)}`, `  ${'word '.repeat(10)}and the end`), long),
    ).toBe(true);
    // tmux drops a skin tone; the rest is compared.
    expect(showsTyped(typed('❯ emoji 🚀👍 ünïcödé 漢字'), 'emoji 🚀👍🏽 ünïcödé 漢字')).toBe(true);
    // What someone had typed at the terminal before stays in front of it.
    expect(showsTyped(typed('❯ half a thought fix the failing test'), 'fix the failing test')).toBe(
      true,
    );
  });

  it('is true for the marker of a long paste', () => {
    expect(showsTyped(typed('❯ [Pasted text #1 +12 lines]'), 'a\n'.repeat(12))).toBe(true);
  });

  it('is false before the text shows, while only its beginning shows, and without a box', () => {
    expect(showsTyped(IDLE, 'fix the failing test')).toBe(false);
    expect(showsTyped(typed('❯ fix the fai'), 'fix the failing test')).toBe(false);
    expect(showsTyped(trustDialog('exit'), 'fix the failing test')).toBe(false);
  });
});
