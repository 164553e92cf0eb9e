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
        tool_input: 'ls',
        permission_suggestions: { type: 'addRules' },
        tool_name: ['Bash'],
      }),
    );
    expect(parsed).toEqual({ kind: 'ok', input: { hook_event_name: 'Stop', cwd: '/w' } });
  });

  it('keeps the prompt id, how a session started and why it ended, never the prompt', () => {
    expect(parseHookInput(fixtureText('user-prompt-submit.json'))).toEqual({
      kind: 'ok',
      input: {
        session_id: '74022c32-9bac-4720-b874-4406c2f37133',
        transcript_path:
          '/home/dev/.claude/projects/-home-dev-projects-fresh/74022c32-9bac-4720-b874-4406c2f37133.jsonl',
        cwd: '/home/dev/projects/fresh',
        prompt_id: '013a71f0-7bed-4b6e-ae98-03ec35bfb1e7',
        permission_mode: 'default',
        hook_event_name: 'UserPromptSubmit',
      },
    });
    const start = parseHookInput(fixtureText('session-start.json'));
    expect(start.kind === 'ok' && start.input.source).toBe('startup');
    const end = parseHookInput(fixtureText('session-end.json'));
    expect(end.kind === 'ok' && end.input.reason).toBe('prompt_input_exit');
  });

  it('keeps what a PermissionRequest asks: tool, its input and the suggestions', () => {
    const parsed = parseHookInput(fixtureText('permission-request.json'));
    expect(parsed).toEqual({
      kind: 'ok',
      input: {
        session_id: '00893aaf-19fa-41d2-8238-13269b9b3ca0',
        transcript_path:
          '/home/dev/.claude/projects/-home-dev-projects-webapp/00893aaf-19fa-41d2-8238-13269b9b3ca0.jsonl',
        cwd: '/home/dev/projects/webapp',
        permission_mode: 'default',
        hook_event_name: 'PermissionRequest',
        tool_name: 'Bash',
        tool_input: {
          command: 'rm -rf node_modules && npm install',
          description: 'Reinstall dependencies',
        },
        permission_suggestions: [
          {
            type: 'addRules',
            rules: [{ toolName: 'Bash', ruleContent: 'rm -rf node_modules && npm install' }],
            behavior: 'allow',
            destination: 'localSettings',
          },
        ],
      },
    });
  });

  it('tells empty input from input that is not a JSON object', () => {
    expect(parseHookInput(' \n')).toEqual({ kind: 'empty' });
    expect(parseHookInput('[1]')).toEqual({ kind: 'invalid', reason: 'not a JSON object' });
    expect(parseHookInput('{"a":').kind).toBe('invalid');
  });
});
