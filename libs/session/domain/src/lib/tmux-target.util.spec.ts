import {
  hasTmuxLocation,
  isValidTmuxPaneId,
  isValidTmuxSessionName,
  isValidTmuxWindow,
  sanitizeTmuxLocation,
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

describe('sanitizeTmuxLocation', () => {
  it('keeps a valid location as it is', () => {
    expect(sanitizeTmuxLocation({ session: 'main', window: '2', pane: '%7' })).toEqual({
      session: 'main',
      window: '2',
      pane: '%7',
    });
  });

  it('turns each invalid or missing part into null and keeps the others', () => {
    expect(sanitizeTmuxLocation({ session: 'a:b', window: '2', pane: '%7' })).toEqual({
      session: null,
      window: '2',
      pane: '%7',
    });
    expect(sanitizeTmuxLocation({ session: 'main', window: 'x', pane: '7' })).toEqual({
      session: 'main',
      window: null,
      pane: null,
    });
    expect(sanitizeTmuxLocation({ pane: '%1' })).toEqual({
      session: null,
      window: null,
      pane: '%1',
    });
    expect(sanitizeTmuxLocation({ session: 5, window: 2, pane: ['%1'] })).toEqual({
      session: null,
      window: null,
      pane: null,
    });
  });

  it('copes with no location at all', () => {
    const none = { session: null, window: null, pane: null };
    expect(sanitizeTmuxLocation(undefined)).toEqual(none);
    expect(sanitizeTmuxLocation(null)).toEqual(none);
    expect(sanitizeTmuxLocation({})).toEqual(none);
  });
});

describe('hasTmuxLocation', () => {
  it('is true when any part survived', () => {
    expect(hasTmuxLocation({ session: null, window: null, pane: null })).toBe(false);
    expect(hasTmuxLocation({ session: null, window: '1', pane: null })).toBe(true);
    expect(hasTmuxLocation(sanitizeTmuxLocation({ pane: '%2' }))).toBe(true);
  });
});
