import { sessionKeyFor } from './session-key.util';

describe('sessionKeyFor', () => {
  it("prefers Claude's session id", () => {
    expect(sessionKeyFor({ claudeSessionId: 'abc-1', tmuxPane: '%3', project: 'p' })).toBe(
      'claude:abc-1',
    );
  });

  it('falls back to the tmux pane', () => {
    expect(sessionKeyFor({ tmuxPane: '%3', project: 'p' })).toBe('pane:%3');
    expect(sessionKeyFor({ claudeSessionId: '', tmuxPane: '%3', project: 'p' })).toBe('pane:%3');
    expect(sessionKeyFor({ claudeSessionId: null, tmuxPane: '%3', project: 'p' })).toBe('pane:%3');
  });

  it('falls back to the project for a plain curl', () => {
    expect(sessionKeyFor({ project: 'test' })).toBe('project:test');
    expect(sessionKeyFor({ tmuxPane: null, project: 'test' })).toBe('project:test');
  });

  it('keeps the kinds apart even when the values look alike', () => {
    const keys = new Set([
      sessionKeyFor({ claudeSessionId: 'x', project: 'x' }),
      sessionKeyFor({ tmuxPane: 'x', project: 'x' }),
      sessionKeyFor({ project: 'x' }),
    ]);
    expect(keys.size).toBe(3);
  });
});
