import { hasTmuxLocation, sanitizeTmuxLocation } from './tmux-target.util';

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
