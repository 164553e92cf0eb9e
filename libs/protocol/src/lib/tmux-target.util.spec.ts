import { isValidTmuxPaneId, isValidTmuxSessionName, isValidTmuxWindow } from './tmux-target.util';

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
