import { MAX_BODY_BYTES, PERMISSION_LIMITS, type PermissionRequestPayload } from '@ccr/protocol';
import { fixtureInput } from '../../../test/support/fixtures';
import {
  buildPermissionPayload,
  cutToolInput,
  permissionSuggestions,
  serializePermissionPayload,
  type PermissionFacts,
} from './permission-payload.util';
import { CUT_TOOL_INPUT_KEY } from './permission-request.constant';

const REQUEST_ID = '0b6f1c58-3f0e-4c51-9d55-3c1c2a7e9f10';
const SENT_AT = '2026-11-20T09:00:13.000Z';

function facts(overrides: Partial<PermissionFacts> = {}): PermissionFacts {
  const input = fixtureInput('permission-request.json');
  return {
    serverId: 'kr4',
    input,
    toolName: input.tool_name ?? '',
    cwd: '/home/dev/projects/webapp',
    project: 'webapp',
    hostname: 'kr4.internal',
    tmux: { session: 'main', window: '2', pane: '%3' },
    requestId: REQUEST_ID,
    timeoutSeconds: 300,
    sentAt: SENT_AT,
    ...overrides,
  };
}

const jsonLength = (value: unknown): number => JSON.stringify(value).length;

describe('buildPermissionPayload', () => {
  it('permission-request.json: everything Telegram shows and Claude Code needs back', () => {
    expect(buildPermissionPayload(facts())).toEqual<PermissionRequestPayload>({
      serverId: 'kr4',
      project: 'webapp',
      requestId: REQUEST_ID,
      claudeSessionId: '00893aaf-19fa-41d2-8238-13269b9b3ca0',
      cwd: '/home/dev/projects/webapp',
      hostname: 'kr4.internal',
      tmux: { session: 'main', window: '2', pane: '%3' },
      toolName: 'Bash',
      toolInput: {
        command: 'rm -rf node_modules && npm install',
        description: 'Reinstall dependencies',
      },
      permissionSuggestions: [
        {
          type: 'addRules',
          rules: [{ toolName: 'Bash', ruleContent: 'rm -rf node_modules && npm install' }],
          behavior: 'allow',
          destination: 'localSettings',
        },
      ],
      permissionMode: 'default',
      timeoutSeconds: 300,
      sentAt: SENT_AT,
    });
  });

  it("carries the turn's prompt id, so that the hub knows the turn that asks", () => {
    const input = { ...fixtureInput('permission-request.json'), prompt_id: 'p-7' };
    expect(buildPermissionPayload(facts({ input }))).toMatchObject({ promptId: 'p-7' });
    expect(buildPermissionPayload(facts())).not.toHaveProperty('promptId');
  });

  it('leaves out what is not known, and sends an empty input for a tool without one', () => {
    const payload = buildPermissionPayload(
      facts({ input: { tool_name: 'ExitPlanMode' }, toolName: 'ExitPlanMode', tmux: undefined }),
    );
    expect(payload).toEqual({
      serverId: 'kr4',
      project: 'webapp',
      requestId: REQUEST_ID,
      cwd: '/home/dev/projects/webapp',
      hostname: 'kr4.internal',
      toolName: 'ExitPlanMode',
      toolInput: {},
      timeoutSeconds: 300,
      sentAt: SENT_AT,
    });
  });

  it('sends at most 16 suggestions, only objects', () => {
    const suggestion = (n: number) => ({ type: 'addRules', n });
    const input = {
      ...fixtureInput('permission-request.json'),
      permission_suggestions: [
        'text',
        null,
        [1],
        ...Array.from({ length: 20 }, (_, n) => suggestion(n)),
      ],
    };
    expect(permissionSuggestions(input)).toHaveLength(20);
    const payload = buildPermissionPayload(facts({ input }));
    expect(payload.permissionSuggestions).toHaveLength(PERMISSION_LIMITS.suggestions);
    expect(payload.permissionSuggestions?.[0]).toEqual(suggestion(0));
  });

  it('cuts a long tool name', () => {
    const payload = buildPermissionPayload(facts({ toolName: `mcp__${'x'.repeat(300)}` }));
    expect(payload.toolName).toHaveLength(PERMISSION_LIMITS.toolName);
    expect(payload.toolName.endsWith('…')).toBe(true);
  });
});

describe('cutToolInput', () => {
  it('leaves an input that fits as it is', () => {
    const input = { file_path: '/srv/app/a.ts', content: 'x'.repeat(100) };
    expect(cutToolInput(input, jsonLength(input))).toBe(input);
  });

  it('cuts the long fields, marked, and keeps the short ones whole', () => {
    const input = {
      file_path: '/srv/app/src/main.ts',
      content: 'line\n'.repeat(20_000),
      replace_all: false,
    };
    const cut = cutToolInput(input, PERMISSION_LIMITS.toolInputChars);
    expect(jsonLength(cut)).toBeLessThanOrEqual(PERMISSION_LIMITS.toolInputChars);
    expect(cut['file_path']).toBe('/srv/app/src/main.ts');
    expect(cut['replace_all']).toBe(false);
    const content = cut['content'] as string;
    expect(content.endsWith('…')).toBe(true);
    expect(input.content.startsWith(content.slice(0, -1))).toBe(true);
    // Close to the bound: the cut takes what it must, not more.
    expect(jsonLength(cut)).toBeGreaterThan(PERMISSION_LIMITS.toolInputChars - 20);
  });

  it('cuts strings nested in lists, as MultiEdit sends them', () => {
    const input = {
      file_path: '/srv/app/a.ts',
      edits: [
        { old_string: 'a'.repeat(3000), new_string: 'b'.repeat(3000) },
        { old_string: 'short', new_string: 'also short' },
      ],
    };
    const cut = cutToolInput(input, 2000);
    expect(jsonLength(cut)).toBeLessThanOrEqual(2000);
    const edits = cut['edits'] as Array<Record<string, string>>;
    expect(edits[0]?.['old_string']).toMatch(/^a+…$/);
    expect(edits[1]).toEqual({ old_string: 'short', new_string: 'also short' });
  });

  it('sends the cut JSON under one key when the fields themselves are too many', () => {
    const input = Object.fromEntries(Array.from({ length: 5000 }, (_, n) => [`k${n}`, n]));
    const cut = cutToolInput(input, 1000);
    expect(Object.keys(cut)).toEqual([CUT_TOOL_INPUT_KEY]);
    expect(jsonLength(cut)).toBeLessThanOrEqual(1000);
    expect(cut[CUT_TOOL_INPUT_KEY]).toMatch(/^\{"k0":0,"k1":1,.+…$/);
  });
});

describe('serializePermissionPayload', () => {
  it('is the payload as JSON when it fits', () => {
    expect(serializePermissionPayload(facts())).toBe(
      JSON.stringify(buildPermissionPayload(facts())),
    );
  });

  it('cuts an input of multi-byte characters further, to fit the body limit in bytes', () => {
    const input = {
      ...fixtureInput('permission-request.json'),
      tool_name: 'Write',
      tool_input: {
        file_path: '/srv/app/README.ja.md',
        content: '日本語のテキスト。'.repeat(10_000),
      },
    };
    const payload = buildPermissionPayload(facts({ input, toolName: 'Write' }));
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeGreaterThan(MAX_BODY_BYTES);

    const body = serializePermissionPayload(facts({ input, toolName: 'Write' }));
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const sent = JSON.parse(body) as PermissionRequestPayload;
    expect(sent.toolInput['file_path']).toBe('/srv/app/README.ja.md');
    expect(sent.toolInput['content']).toMatch(/^(日本語のテキスト。)+.*…$/u);
    expect(sent.permissionSuggestions).toHaveLength(1);
    expect(sent.requestId).toBe(REQUEST_ID);
  });

  it('leaves the suggestions out when nothing else makes the body fit', () => {
    const huge = { type: 'addRules', rules: [{ ruleContent: '日'.repeat(40_000) }] };
    const input = { ...fixtureInput('permission-request.json'), permission_suggestions: [huge] };
    const body = serializePermissionPayload(facts({ input }));
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    const sent = JSON.parse(body) as PermissionRequestPayload;
    expect(sent).not.toHaveProperty('permissionSuggestions');
    expect(sent.toolInput).toEqual(fixtureInput('permission-request.json').tool_input);
  });
});
