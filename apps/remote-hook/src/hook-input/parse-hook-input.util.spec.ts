import { fixtureText, HOOK_FIXTURES } from '../../test/support/fixtures';
import { parseHookInput } from './parse-hook-input.util';

describe('parseHookInput', () => {
  it.each(HOOK_FIXTURES)('reads %s', (name) => {
    const parsed = parseHookInput(fixtureText(name));
    expect(parsed.kind).toBe('ok');
    if (parsed.kind === 'ok') {
      expect(parsed.input.hook_event_name).toEqual(JSON.parse(fixtureText(name)).hook_event_name);
    }
  });

  it('keeps the string fields it uses and drops the rest', () => {
    const parsed = parseHookInput(
      JSON.stringify({
        hook_event_name: 'Stop',
        session_id: 42,
        cwd: '/w',
        tool_input: { command: 'ls' },
      }),
    );
    expect(parsed).toEqual({ kind: 'ok', input: { hook_event_name: 'Stop', cwd: '/w' } });
  });

  it('tells empty input from input that is not a JSON object', () => {
    expect(parseHookInput(' \n')).toEqual({ kind: 'empty' });
    expect(parseHookInput('[1]')).toEqual({ kind: 'invalid', reason: 'not a JSON object' });
    expect(parseHookInput('{"a":').kind).toBe('invalid');
  });
});
