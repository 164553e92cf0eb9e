import type { NotifyPayload } from '@ccr/protocol';
import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import {
  BASIC_TRANSCRIPT_REPLY,
  FIXTURES_DIR,
  fixtureText,
  type HookFixture,
} from './support/fixtures';
import { assertBuilt, BUILT_CLI, runBuiltCli, type CliRun } from './support/run-cli';
import { startStandInHub, type StandInHub } from './support/stand-in-hub';
import { makeTempDir, removeTempDir } from './support/temp-dir';
import { isolatedEnv } from './support/test-context';

const SECRET = 'e2e-shared-secret';

describe('remote-hook as a Claude Code hook (built CLI)', () => {
  let root: string;
  let hub: StandInHub;
  let env: Record<string, string>;
  let spoolDir: string;

  beforeAll(assertBuilt);
  beforeEach(async () => {
    root = await makeTempDir('e2e-notify');
    hub = await startStandInHub({ secret: SECRET });
    env = isolatedEnv(root, {
      SERVER_ID: 'kr4',
      CENTRAL_HUB_ENDPOINT: hub.notifyUrl,
      SHARED_SECRET: SECRET,
    });
    spoolDir = join(root, 'state', 'ccr', 'spool');
  });
  afterEach(async () => {
    await hub.close();
    await removeTempDir(root);
  });

  const hook = (
    fixture: HookFixture,
    extraEnv: Record<string, string> = {},
    cwd = root,
  ): Promise<CliRun> =>
    runBuiltCli(['hook'], { env: { ...env, ...extraEnv }, cwd, stdin: fixtureText(fixture) });

  /** A hook run as Claude Code needs it: exit 0, nothing on stdout. */
  const expectQuietSuccess = (run: CliRun): void => {
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  };

  const spooled = async (): Promise<NotifyPayload[]> => {
    const names = (await readdir(spoolDir)).filter((name) => name.endsWith('.json')).sort();
    return Promise.all(
      names.map(
        async (name) => JSON.parse(await readFile(join(spoolDir, name), 'utf8')) as NotifyPayload,
      ),
    );
  };

  const base = {
    serverId: 'kr4',
    claudeSessionId: '00893aaf-19fa-41d2-8238-13269b9b3ca0',
    cwd: '/home/dev/projects/webapp',
    project: 'webapp',
    hostname: hostname(),
  };

  it.each<[HookFixture, Partial<NotifyPayload>]>([
    [
      'stop.json',
      {
        ...base,
        type: 'completed',
        event: 'Stop',
        metadata: {},
        message:
          'I\'ve created test.txt with the content "hello world".\n\nSummary:\n- Added `test.txt` at the project root\n- No other files changed',
      },
    ],
    [
      'notification-permission.json',
      {
        ...base,
        type: 'permission',
        event: 'Notification',
        metadata: { notification: 'Claude needs your permission to use Bash' },
      },
    ],
    [
      'notification-idle.json',
      {
        ...base,
        type: 'waiting',
        event: 'Notification',
        metadata: { notification: 'Claude is waiting for your input' },
      },
    ],
    [
      'stop-failure.json',
      {
        ...base,
        type: 'failed',
        event: 'StopFailure',
        metadata: { error: 'rate_limit', errorDetails: '429 Too Many Requests' },
        message: 'API Error: Rate limit reached',
      },
    ],
  ])('%s: sends one signed notification', async (fixture, expected) => {
    expectQuietSuccess(await hook(fixture));
    expect(hub.requests.map((r) => [r.path, r.signatureOk])).toEqual([['/notify', true]]);
    const [payload] = hub.accepted;
    expect(payload).toEqual({
      ...expected,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      eventId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      ),
    });
    expect(await spooled()).toEqual([]);
  });

  it('stop-no-last-message.json: reads the reply from the transcript, relative to the cwd', async () => {
    expectQuietSuccess(await hook('stop-no-last-message.json', {}, FIXTURES_DIR));
    expect(hub.accepted[0]).toMatchObject({
      type: 'completed',
      project: 'api-server',
      claudeSessionId: '7d1c2b9e-5f0a-4c8e-9b51-2f6a3e8d4c10',
      message: BASIC_TRANSCRIPT_REPLY,
    });
  });

  it.each<HookFixture>(['subagent-stop.json', 'permission-request.json'])(
    '%s: sends nothing and says nothing',
    async (fixture) => {
      const run = await hook(fixture);
      expectQuietSuccess(run);
      expect(run.stderr).toBe('');
      expect(hub.requests).toEqual([]);
    },
  );

  it.each<[HookFixture, string, Record<string, string>]>([
    ['session-start.json', 'SessionStart', { source: 'startup' }],
    ['user-prompt-submit.json', 'UserPromptSubmit', {}],
    ['session-end.json', 'SessionEnd', { reason: 'prompt_input_exit' }],
  ])('%s: a session event without a type, quietly', async (fixture, event, metadata) => {
    const run = await hook(fixture);
    expectQuietSuccess(run);
    expect(run.stderr).toBe('');
    expect(hub.accepted).toHaveLength(1);
    const [sent] = hub.accepted;
    expect(sent).toMatchObject({ serverId: 'kr4', event, metadata });
    expect(sent).not.toHaveProperty('type');
    expect(sent).not.toHaveProperty('message');
    expect(hub.requests[0]?.body).not.toContain('hello there');
  });

  it('subagent-stop.json: sends "completed" when CCR_EXTRA_EVENTS asks for it', async () => {
    expectQuietSuccess(await hook('subagent-stop.json', { CCR_EXTRA_EVENTS: 'SubagentStop' }));
    expect(hub.accepted.map((p) => [p.type, p.event, p.message])).toEqual([
      ['completed', 'SubagentStop', 'Analysis complete. Found 3 potential issues...'],
    ]);
  });

  it('sends the tmux session, window and pane it runs in', async () => {
    const socket = join(root, 'tmux.sock');
    execFileSync('tmux', [
      '-S',
      socket,
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'claude-work',
    ]);
    try {
      const pane = execFileSync(
        'tmux',
        ['-S', socket, 'display-message', '-p', '-t', 'claude-work', '#D'],
        {
          encoding: 'utf8',
        },
      ).trim();
      const pid = execFileSync('tmux', ['-S', socket, 'display-message', '-p', '#{pid}'], {
        encoding: 'utf8',
      }).trim();
      expectQuietSuccess(await hook('stop.json', { TMUX: `${socket},${pid},0`, TMUX_PANE: pane }));
      expect(hub.accepted[0].tmux).toEqual({ session: 'claude-work', window: '0', pane });
    } finally {
      execFileSync('tmux', ['-S', socket, 'kill-server']);
    }
  });

  it('"completed" run by hand sends that type without hook input', async () => {
    expectQuietSuccess(await runBuiltCli(['completed'], { env, cwd: root }));
    expect(hub.accepted[0]).toMatchObject({ type: 'completed', cwd: root, metadata: {} });
  });

  it('without config: exits 0, one line on stderr, nothing sent', async () => {
    const run = await runBuiltCli(['hook'], {
      env: isolatedEnv(root),
      cwd: root,
      stdin: fixtureText('stop.json'),
    });
    expectQuietSuccess(run);
    expect(run.stderr.trim().split('\n')).toEqual([
      'remote-hook: nothing sent, no server id: set SERVER_ID or run "remote-hook install --server-id …" ("remote-hook doctor" lists all)',
    ]);
    expect(hub.requests).toEqual([]);
  });

  it('hub down: exits 0 with the event spooled; hub back: the next run sends the backlog in order, then its own', async () => {
    const port = hub.port;
    await hub.close();

    for (const fixture of [
      'stop.json',
      'notification-idle.json',
      'notification-permission.json',
    ] as const) {
      const run = await hook(fixture);
      expectQuietSuccess(run);
      expect(run.stderr).toMatch(
        /^remote-hook: hub not reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); \d events? kept in /,
      );
    }
    const backlog = await spooled();
    expect(backlog.map((p) => p.type)).toEqual(['completed', 'waiting', 'permission']);

    hub = await startStandInHub({ secret: SECRET, port });
    const run = await hook('stop-failure.json');
    expectQuietSuccess(run);
    expect(run.stderr).toBe('');
    expect(hub.accepted.map((p) => p.eventId)).toEqual([
      ...backlog.map((p) => p.eventId),
      expect.any(String),
    ]);
    expect(hub.accepted.map((p) => p.type)).toEqual([
      'completed',
      'waiting',
      'permission',
      'failed',
    ]);
    expect(hub.requests.every((r) => r.signatureOk)).toBe(true);
    expect(await spooled()).toEqual([]);
  });

  it('a hub answering 503 keeps the event; "flush" delivers it later and reports counts', async () => {
    hub.mode = 'unavailable';
    const run = await hook('stop.json');
    expectQuietSuccess(run);
    expect(run.stderr).toContain('hub not reached (HTTP 503: busy)');
    expect(await spooled()).toHaveLength(1);

    const stillDown = await runBuiltCli(['flush'], { env, cwd: root });
    expect(stillDown.code).toBe(1);
    expect(stillDown.stdout).toContain(`delivered 0, rejected 0, waiting 1 (spool ${spoolDir})`);

    hub.mode = 'accept';
    const flushed = await runBuiltCli(['flush'], { env, cwd: root });
    expect(flushed.code).toBe(0);
    expect(flushed.stdout).toBe(`delivered 1, rejected 0, waiting 0 (spool ${spoolDir})\n`);
    expect(hub.accepted.map((p) => p.type)).toEqual(['completed']);
    expect(await spooled()).toEqual([]);
  });

  it('an event the hub refuses with 400 goes to rejected/ and does not block the next', async () => {
    hub.mode = 'reject';
    const refused = await hook('stop.json');
    expectQuietSuccess(refused);
    expect(refused.stderr).toMatch(
      /^remote-hook: the hub refused an event \(HTTP 400: type must be one of .+ \(field type\)\); moved to .+\/rejected\/.+\.json\n$/,
    );
    expect(await spooled()).toEqual([]);
    const rejected = await readdir(join(spoolDir, 'rejected'));
    expect(rejected).toHaveLength(1);

    hub.mode = 'accept';
    expectQuietSuccess(await hook('notification-idle.json'));
    expect(hub.accepted.map((p) => p.type)).toEqual(['waiting']);

    const retried = await runBuiltCli(['flush', '--retry-rejected'], { env, cwd: root });
    expect(retried.stdout).toContain('requeued 1 rejected event(s)');
    expect(hub.accepted.map((p) => p.type)).toEqual(['waiting', 'completed']);
  });

  it('hooks running at the same time send every event once, the backlog first and in order', async () => {
    const port = hub.port;
    await hub.close();
    for (const fixture of ['stop.json', 'notification-idle.json', 'stop-failure.json'] as const) {
      expectQuietSuccess(await hook(fixture));
    }
    const backlog = (await spooled()).map((p) => p.eventId);
    hub = await startStandInHub({ secret: SECRET, port });

    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        hook('notification-permission.json', { CCR_HOOK_TIMEOUT_MS: '5000' }),
      ),
    );
    runs.forEach(expectQuietSuccess);
    const sent = hub.accepted.map((p) => p.eventId);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.slice(0, 3)).toEqual(backlog);
    // A run that found the lock taken leaves its event to the holder or to the next run.
    const left = (await spooled()).map((p) => p.eventId);
    expect(sent.length + left.length).toBe(7);
    expect(left.filter((id) => sent.includes(id))).toEqual([]);
  });

  it('hook input that never ends does not hold Claude Code up', async () => {
    const child = spawn(process.execPath, [BUILT_CLI, 'completed'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.write('{"hook_event_name":');
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /^remote-hook: ignoring the input on stdin, which did not end within 1000 ms/,
    );
    expect(hub.accepted.map((p) => p.type)).toEqual(['completed']);
  });
});
