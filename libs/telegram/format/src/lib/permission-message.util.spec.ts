import type { PermissionStatus } from '@ccr/protocol';
import { checkTelegramHtml } from '@ccr/testing';
import {
  PERMISSION_PREVIEW_LINES,
  formatDuration,
  formatPermissionOutcome,
  formatPermissionRequest,
  permissionOutcomeMessage,
  permissionOutcomeWords,
  permissionRequestMessage,
  type PermissionMessageInput,
  type PermissionRequestSession,
  type StoredPermissionRequest,
} from './permission-message.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

const NOW = new Date('2026-11-20T10:37:00.000Z');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** permission-request.json as the hub has it. */
function input(overrides: Partial<PermissionMessageInput> = {}): PermissionMessageInput {
  return {
    serverId: 'kr4',
    project: 'webapp',
    sessionName: 'kr4:1',
    token: 'AB12CD34',
    toolName: 'Bash',
    toolInput: {
      command: 'rm -rf node_modules && npm install',
      description: 'Reinstall dependencies',
    },
    expiresAt: new Date(NOW.getTime() + 300_000),
    now: NOW,
    ...overrides,
  };
}

function expectTelegramHtml(html: string): string {
  const check = checkTelegramHtml(html);
  expect(check.problems).toEqual([]);
  expect(html.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  return check.visibleText;
}

/** The code block's language and the text the user sees in it. */
function codeBlock(html: string): { language: string | null; text: string } | null {
  const match = /<pre>(?:<code class="language-([a-z]+)">)?([\s\S]*?)(?:<\/code>)?<\/pre>/.exec(
    html,
  );
  if (!match) return null;
  return { language: match[1] ?? null, text: checkTelegramHtml(match[2] ?? '').visibleText };
}

const HEADER = [
  '🔐 <b>[KR4] Claude Asks Permission</b>',
  '<b>Project:</b> webapp',
  '<b>Session:</b> <code>kr4:1</code> · token <code>AB12CD34</code>',
  '',
];

describe('formatPermissionRequest', () => {
  it('shows a Bash command with its description, and how long there is to answer', () => {
    expect(formatPermissionRequest(input())).toBe(
      [
        ...HEADER,
        '<b>Bash</b>',
        '<i>Reinstall dependencies</i>',
        '<pre><code class="language-bash">rm -rf node_modules &amp;&amp; npm install</code></pre>',
        '',
        '⏳ Answer within 5 min (until 10:42 UTC)',
      ].join('\n'),
    );
  });

  it('names the host when known, and leaves out a missing description', () => {
    const html = formatPermissionRequest(
      input({ hostname: 'build-01', toolInput: { command: 'ls' } }),
    );
    const lines = html.split('\n');
    expect(lines[2]).toBe('<b>Host:</b> build-01');
    expect(lines[5]).toBe('<b>Bash</b>');
    expect(lines[6]).toBe('<pre><code class="language-bash">ls</code></pre>');
    expect(html).not.toContain('<i>');
  });

  it('shows an Edit as its file and a diff of the replacement', () => {
    const html = formatPermissionRequest(
      input({
        toolName: 'Edit',
        toolInput: {
          file_path: '/srv/app/src/main.ts',
          old_string: 'const port = 3000;\nlisten(port);',
          new_string: 'const port = Number(process.env.PORT ?? 3000);\nlisten(port);',
        },
      }),
    );
    expectTelegramHtml(html);
    expect(html.split('\n')[4]).toBe('<b>Edit</b> <code>/srv/app/src/main.ts</code>');
    expect(codeBlock(html)).toEqual({
      language: 'diff',
      text: [
        '- const port = 3000;',
        '- listen(port);',
        '+ const port = Number(process.env.PORT ?? 3000);',
        '+ listen(port);',
      ].join('\n'),
    });
  });

  it('says when an Edit replaces every occurrence, and shortens long sides', () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const html = formatPermissionRequest(
      input({
        toolName: 'Edit',
        toolInput: { file_path: 'a.ts', old_string: long, new_string: '', replace_all: true },
      }),
    );
    expect(html).toContain('<b>Edit</b> <code>a.ts</code> · every occurrence');
    const lines = codeBlock(html)?.text.split('\n') ?? [];
    expect(lines).toHaveLength(PERMISSION_PREVIEW_LINES.edit + 1);
    expect(lines[0]).toBe('- line 0');
    expect(lines[lines.length - 1]).toBe(`- … ${40 - PERMISSION_PREVIEW_LINES.edit} more lines`);
  });

  it('shows a MultiEdit edit by edit, and how many more there are', () => {
    const edits = Array.from({ length: 7 }, (_, i) => ({
      old_string: `old ${i}`,
      new_string: `new ${i}`,
    }));
    const html = formatPermissionRequest(
      input({ toolName: 'MultiEdit', toolInput: { file_path: '/srv/a.ts', edits } }),
    );
    expectTelegramHtml(html);
    expect(html).toContain('<b>MultiEdit</b> <code>/srv/a.ts</code> · 7 edits');
    const text = codeBlock(html)?.text ?? '';
    expect(text.startsWith('@@ edit 1 of 7 @@\n- old 0\n+ new 0\n@@ edit 2 of 7 @@\n')).toBe(true);
    expect(text).toContain('@@ edit 5 of 7 @@\n- old 4\n+ new 4\n… 2 more edits');
    expect(text).not.toContain('old 5');
  });

  it('shows the first lines of a Write and counts the rest', () => {
    const content = Array.from({ length: 50 }, (_, i) => `# line ${i}`).join('\n');
    const html = formatPermissionRequest(
      input({ toolName: 'Write', toolInput: { file_path: '/srv/README.md', content } }),
    );
    expectTelegramHtml(html);
    expect(html).toContain('<b>Write</b> <code>/srv/README.md</code> · 50 lines');
    expect(codeBlock(html)).toEqual({
      language: null,
      text: [
        ...Array.from({ length: PERMISSION_PREVIEW_LINES.write }, (_, i) => `# line ${i}`),
        `… ${50 - PERMISSION_PREVIEW_LINES.write} more lines`,
      ].join('\n'),
    });
  });

  it.each([
    ['Read', { file_path: '/etc/hosts' }],
    ['WebFetch', { url: 'https://example.com/a?b=1&c=2', prompt: 'Summarise <this>' }],
    ['mcp__github__create_issue', { owner: 'o', repo: 'r', labels: ['bug'] }],
    // A known tool whose input has not the usual shape.
    ['Bash', { cmd: 'ls' }],
    ['Edit', { file_path: 'a.ts', old_string: 1 }],
  ])('shows %s with its input as pretty JSON', (toolName, toolInput) => {
    const html = formatPermissionRequest(input({ toolName, toolInput }));
    expectTelegramHtml(html);
    expect(html.split('\n')[4]).toBe(`<b>${toolName}</b>`);
    expect(codeBlock(html)).toEqual({
      language: 'json',
      text: JSON.stringify(toolInput, null, 2),
    });
  });

  it('shows a tool without input by its name alone', () => {
    const html = formatPermissionRequest(input({ toolName: 'ExitPlanMode', toolInput: {} }));
    expect(html).toBe(
      [...HEADER, '<b>ExitPlanMode</b>', '', '⏳ Answer within 5 min (until 10:42 UTC)'].join('\n'),
    );
  });

  it('escapes every dynamic string, quotes included', () => {
    const html = formatPermissionRequest(
      input({
        serverId: 'a<b',
        project: 'Tom\'s "<script>alert(1)</script>" & co',
        sessionName: 'x&y:1',
        token: '<T>',
        hostname: 'h"ost',
        toolName: 'mcp__<evil>',
        toolInput: { note: '</code></pre><b>bold</b>' },
      }),
    );
    const visible = expectTelegramHtml(html);
    expect(html).toContain('[A&lt;B]');
    expect(html).toContain(
      "<b>Project:</b> Tom's &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co",
    );
    expect(visible).toContain('x&y:1 · token <T>');
    expect(visible).toContain('h"ost');
    expect(visible).toContain('mcp__<evil>');
    expect(codeBlock(html)?.text).toBe('{\n  "note": "</code></pre><b>bold</b>"\n}');

    const edit = formatPermissionRequest(
      input({
        toolName: 'Edit',
        toolInput: { file_path: '<a>&.ts', old_string: 'a < b', new_string: 'a > "b" & c' },
      }),
    );
    expectTelegramHtml(edit);
    expect(edit).toContain('<code>&lt;a&gt;&amp;.ts</code>');
    expect(codeBlock(edit)?.text).toBe('- a < b\n+ a > "b" & c');
  });

  it('cuts a long command to fit 4096 characters, keeping the frame whole', () => {
    const html = formatPermissionRequest(input({ toolInput: { command: 'x'.repeat(10_000) } }));
    expectTelegramHtml(html);
    expect(html).toHaveLength(TELEGRAM_MESSAGE_LIMIT);
    expect(html).toContain('x…</code></pre>\n\n⏳ Answer within 5 min');
  });

  it('cuts without splitting an entity or an emoji', () => {
    for (const command of ['<'.repeat(5000), '😀'.repeat(5000), `a${'&'.repeat(5000)}`]) {
      const html = formatPermissionRequest(input({ toolInput: { command } }));
      const visible = expectTelegramHtml(html);
      expect(html.length).toBeGreaterThan(TELEGRAM_MESSAGE_LIMIT - 5);
      expect(visible).not.toMatch(LONE_SURROGATE);
      const shown = codeBlock(html)?.text ?? '';
      expect(shown.endsWith('…')).toBe(true);
      expect(command.startsWith(shown.slice(0, -1))).toBe(true);
    }
  });

  it('stays within the limit with huge fields, still showing some of the command', () => {
    const html = formatPermissionRequest(
      input({
        serverId: '"'.repeat(5000),
        project: '<'.repeat(5000),
        sessionName: '&'.repeat(5000),
        token: 'T'.repeat(5000),
        hostname: 'h'.repeat(5000),
        toolName: 'Edit',
        toolInput: {
          file_path: '/'.repeat(5000),
          old_string: 'o'.repeat(5000),
          new_string: 'n'.repeat(5000),
        },
      }),
    );
    expectTelegramHtml(html);
    expect(codeBlock(html)?.text).toMatch(/^- o{500,}…$/);
  });

  it.each([
    [300_000, '5 min (until 10:42 UTC)'],
    [299_996, '5 min (until 10:41 UTC)'],
    [90_000, '1 min 30 s (until 10:38 UTC)'],
    [45_000, '45 s (until 10:37 UTC)'],
    [3_600_000, '1 h (until 11:37 UTC)'],
  ])('counts the time left to answer from now: %i ms', (ms, expected) => {
    const html = formatPermissionRequest(input({ expiresAt: new Date(NOW.getTime() + ms) }));
    expect(html.split('\n').pop()).toBe(`⏳ Answer within ${expected}`);
  });

  it('says when no time is left', () => {
    const html = formatPermissionRequest(input({ expiresAt: new Date(NOW.getTime() - 1000) }));
    expect(html.split('\n').pop()).toBe('⏳ No time left: Claude asks on the server');
  });
});

describe('formatPermissionOutcome', () => {
  const decidedAt = new Date('2026-11-20T10:42:31.000Z');

  it.each<[PermissionStatus, string]>([
    ['allow', '✅ Allowed by @ana at 10:42 UTC'],
    ['allow-session', '✅ Allowed for this session by @ana at 10:42 UTC'],
    ['deny', '⛔ Denied by @ana at 10:42 UTC'],
    ['expired', '⌛ Timed out: nobody answered in time; Claude asks on the server'],
    ['answered-on-server', '💻 Answered on the server'],
  ])('ends the same message with the outcome: %s', (outcome, line) => {
    const html = formatPermissionOutcome({ ...input(), outcome, decidedBy: '@ana', decidedAt });
    expectTelegramHtml(html);
    const request = formatPermissionRequest(input()).split('\n');
    expect(html.split('\n')).toEqual([...request.slice(0, -1), line]);
  });

  it('escapes who decided, and leaves them out when unknown', () => {
    expect(
      formatPermissionOutcome({ ...input(), outcome: 'deny', decidedBy: '<Ana & Bo>', decidedAt })
        .split('\n')
        .pop(),
    ).toBe('⛔ Denied by &lt;Ana &amp; Bo&gt; at 10:42 UTC');
    expect(
      formatPermissionOutcome({ ...input(), outcome: 'allow', decidedBy: '  ', decidedAt })
        .split('\n')
        .pop(),
    ).toBe('✅ Allowed at 10:42 UTC');
  });

  it('still fits 4096 characters with the outcome line', () => {
    const html = formatPermissionOutcome({
      ...input({ toolInput: { command: '<'.repeat(9000) } }),
      outcome: 'allow-session',
      decidedBy: 'a'.repeat(1000),
      decidedAt,
    });
    expectTelegramHtml(html);
    expect(html.split('\n').pop()).toMatch(/^✅ Allowed for this session by a+… at 10:42 UTC$/);
  });
});

describe('messages of a stored request', () => {
  const session: PermissionRequestSession = {
    serverId: 'kr4',
    project: 'web <app>',
    name: 'kr4:1',
    token: 'AB12CD34',
    hostname: 'kr4.example',
  };
  const stored = (request: Partial<StoredPermissionRequest>): StoredPermissionRequest => ({
    toolName: 'Bash',
    toolInput: { command: 'rm -rf node_modules && npm install' },
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    expiresAt: new Date(NOW.getTime() + 240_000),
    ...request,
  });

  it('asks with the time left while the request waits', () => {
    const html = permissionRequestMessage(stored({}), session, NOW);
    expectTelegramHtml(html);
    expect(html).toContain('<code>kr4:1</code>');
    expect(html.split('\n').pop()).toBe('⏳ Answer within 4 min (until 10:41 UTC)');
  });

  it('keeps the request and says who decided what and when, escaped', () => {
    const html = permissionOutcomeMessage(
      stored({ status: 'deny', decidedBy: '@a<b>', decidedAt: NOW }),
      session,
      NOW,
    );
    expectTelegramHtml(html);
    expect(html).toContain('rm -rf node_modules &amp;&amp; npm install');
    expect(html).toContain('web &lt;app&gt;');
    expect(html).toContain('<code>kr4:1</code>');
    expect(html.endsWith('⛔ Denied by @a&lt;b&gt; at 10:37 UTC')).toBe(true);
    expect(html).not.toContain('Answer within');
  });

  it('dates an outcome recorded without a time at the moment it is shown', () => {
    const html = permissionOutcomeMessage(stored({ status: 'allow' }), session, NOW);
    expect(html.endsWith('✅ Allowed at 10:37 UTC')).toBe(true);
  });
});

describe('permissionOutcomeWords', () => {
  it('has words for every status', () => {
    const all: PermissionStatus[] = [
      'pending',
      'allow',
      'allow-session',
      'deny',
      'expired',
      'answered-on-server',
    ];
    expect(new Set(all.map(permissionOutcomeWords)).size).toBe(all.length);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [60, '1 min'],
    [270, '4 min 30 s'],
    [600, '10 min'],
    [659, '10 min'],
    [3600, '1 h'],
    [5400, '1 h 30 min'],
  ])('%i s is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
