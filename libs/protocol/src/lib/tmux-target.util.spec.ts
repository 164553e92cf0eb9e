import {
  isPlainTmuxSessionName,
  isValidTmuxPaneId,
  isValidTmuxSessionName,
  isValidTmuxTarget,
  isValidTmuxWindow,
} from './tmux-target.util';

describe('isValidTmuxPaneId', () => {
  it('accepts % followed by digits', () => {
    expect(isValidTmuxPaneId('%0')).toBe(true);
    expect(isValidTmuxPaneId('%3')).toBe(true);
    expect(isValidTmuxPaneId('%123456789012345')).toBe(true);
  });

  it('rejects anything else', () => {
    for (const bad of ['3', '%', '%a', '%3 ', ' %3', '%3;rm -rf /', '%-1', '%1234567890123456']) {
      expect(isValidTmuxPaneId(bad)).toBe(false);
    }
    expect(isValidTmuxPaneId(3)).toBe(false);
    expect(isValidTmuxPaneId(null)).toBe(false);
  });
});

describe('isValidTmuxWindow', () => {
  it('accepts digits', () => {
    expect(isValidTmuxWindow('0')).toBe(true);
    expect(isValidTmuxWindow('12')).toBe(true);
  });

  it('rejects anything else', () => {
    for (const bad of ['', '-1', '1.0', '@1', 'main', '1 ', '1'.repeat(17), '1\n']) {
      expect(isValidTmuxWindow(bad)).toBe(false);
    }
    expect(isValidTmuxWindow(1)).toBe(false);
  });
});

describe('isValidTmuxSessionName', () => {
  it('accepts printable names, spaces and other scripts included', () => {
    for (const good of ['0', 'main', 'my work', 'claude_kr4-1', "it's", 'работа', '日本']) {
      expect(isValidTmuxSessionName(good)).toBe(true);
    }
    expect(isValidTmuxSessionName('a'.repeat(256))).toBe(true);
  });

  it('rejects target separators, control characters and overlong names', () => {
    for (const bad of [
      '',
      'a:b',
      'a.b',
      'a\nb',
      'a\tb',
      'a\u0000b',
      'a\u001bb',
      'a\u007fb',
      'a\u0085b',
      'a\u202eb',
      'a\u2028b',
      'a'.repeat(257),
    ]) {
      expect(isValidTmuxSessionName(bad)).toBe(false);
    }
    expect(isValidTmuxSessionName(undefined)).toBe(false);
  });
});

describe('isValidTmuxTarget', () => {
  it.each([
    '%0',
    '%3',
    '%123456789',
    // Any pane id the hub stores is one it can type into.
    '%1234567890',
    '%123456789012345',
    'work',
    'work:1',
    'work:1.0',
    'my_session-2:10.3',
    'x'.repeat(256),
  ])('accepts %s', (target) => expect(isValidTmuxTarget(target)).toBe(true));

  it.each([
    '',
    '%',
    '%-1',
    '%1234567890123456',
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
    'x'.repeat(257),
  ])('refuses %j', (target) => expect(isValidTmuxTarget(target)).toBe(false));

  it('refuses what is not a string', () => {
    expect(isValidTmuxTarget(3)).toBe(false);
    expect(isValidTmuxTarget(undefined)).toBe(false);
  });
});

describe('isPlainTmuxSessionName', () => {
  it('accepts letters, digits, "_" and "-", not first', () => {
    for (const good of ['ccr', 'claude_kr4-1', '0', '_x', 'a'.repeat(256)]) {
      expect(isPlainTmuxSessionName(good)).toBe(true);
    }
  });

  it('refuses what tmux would read as something else in a target', () => {
    for (const bad of ['', '-ccr', 'a:1', 'a.b', '=ccr', 'my work', 'c*', '$1', 'a'.repeat(257)]) {
      expect(isPlainTmuxSessionName(bad)).toBe(false);
    }
    expect(isPlainTmuxSessionName(undefined)).toBe(false);
  });
});
