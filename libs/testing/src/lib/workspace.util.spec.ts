import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLAUDE_HOOK_FIXTURES_DIR, claudeHookFixture, workspaceRoot } from './workspace.util';

describe('workspaceRoot', () => {
  it('is the folder holding nx.json, above this lib', () => {
    expect(existsSync(join(workspaceRoot, 'nx.json'))).toBe(true);
    expect(__dirname.startsWith(workspaceRoot)).toBe(true);
  });
});

describe('claudeHookFixture', () => {
  it('reads a hook payload by name, with or without .json', () => {
    const stop = claudeHookFixture('stop');
    expect(stop.path).toBe(join(CLAUDE_HOOK_FIXTURES_DIR, 'stop.json'));
    expect(stop.json['hook_event_name']).toBe('Stop');
    expect(JSON.parse(stop.text)).toEqual(stop.json);
    expect(claudeHookFixture('notification-permission.json').json['notification_type']).toBe(
      'permission_prompt',
    );
  });

  it('gives a fresh object each time, so a test may change it', () => {
    const fixture = claudeHookFixture('stop');
    fixture.json['cwd'] = '/elsewhere';
    expect(fixture.json['cwd']).toBe('/home/dev/projects/webapp');
  });

  it('reads a transcript as text, refusing to read it as one JSON object', () => {
    const transcript = claudeHookFixture('transcript-basic.jsonl');
    expect(transcript.text.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    expect(() => transcript.json).toThrow('is not one JSON object');
  });

  it('names the fixtures there are when one is missing', () => {
    expect(() => claudeHookFixture('nope')).toThrow(
      /No Claude hook fixture "nope"; there are: .*stop\.json/,
    );
  });
});
