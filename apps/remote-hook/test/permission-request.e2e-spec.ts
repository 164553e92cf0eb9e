import type { PermissionStatus } from '@ccr/protocol';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fixtureText } from './support/fixtures';
import { assertBuilt, BUILT_CLI, runBuiltCli, type CliRun } from './support/run-cli';
import { closedPort, startStandInHub, type StandInHub } from './support/stand-in-hub';
import { makeTempDir, removeTempDir } from './support/temp-dir';
import { isolatedEnv } from './support/test-context';

const SECRET = 'e2e-permission-secret';

/** The suggestion in permission-request.json. */
const FIXTURE_SUGGESTION = {
  type: 'addRules',
  rules: [{ toolName: 'Bash', ruleContent: 'rm -rf node_modules && npm install' }],
  behavior: 'allow',
  destination: 'localSettings',
};

/** A run that ends by itself well within this has not waited out its 300 s timeout. */
const ON_ITS_OWN_MS = 20_000;

describe('remote-hook permission-request (built CLI)', () => {
  let root: string;
  let hub: StandInHub;
  let env: Record<string, string>;

  beforeAll(assertBuilt);
  beforeEach(async () => {
    root = await makeTempDir('e2e-permission');
    hub = await startStandInHub({ secret: SECRET });
    env = isolatedEnv(root, {
      SERVER_ID: 'kr4',
      CENTRAL_HUB_ENDPOINT: hub.notifyUrl,
      SHARED_SECRET: SECRET,
    });
  });
  afterEach(async () => {
    await hub.close();
    await removeTempDir(root);
  });

  const ask = (extraEnv: Record<string, string> = {}): Promise<CliRun> =>
    runBuiltCli(['permission-request'], {
      env: { ...env, ...extraEnv },
      cwd: root,
      stdin: fixtureText('permission-request.json'),
      killAfterMs: ON_ITS_OWN_MS,
    });

  /** Exit 0, not killed; what stdout holds is for each test to say. */
  const expectCleanExit = (run: CliRun): void => {
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
  };

  it.each<[PermissionStatus, unknown]>([
    ['allow', { behavior: 'allow' }],
    [
      'allow-session',
      {
        behavior: 'allow',
        updatedPermissions: [{ ...FIXTURE_SUGGESTION, destination: 'session' }],
      },
    ],
    ['deny', { behavior: 'deny', message: 'Denied from Telegram by ana.' }],
  ])('%s on Telegram: prints exactly the answer Claude Code reads', async (status, decision) => {
    hub.waitSteps = [{ status: 'pending' }, { status, decidedBy: 'ana', afterMs: 200 }];
    const run = await ask();
    expectCleanExit(run);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } })}\n`,
    );

    expect(hub.requests.map((r) => [r.path, r.signatureOk])).toEqual([
      ['/permissions', true],
      ['/permissions/wait', true],
      ['/permissions/wait', true],
    ]);
    const [request] = hub.permissionRequests;
    expect(request).toEqual({
      serverId: 'kr4',
      project: 'webapp',
      requestId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      ),
      claudeSessionId: '00893aaf-19fa-41d2-8238-13269b9b3ca0',
      cwd: '/home/dev/projects/webapp',
      hostname: hostname(),
      toolName: 'Bash',
      toolInput: {
        command: 'rm -rf node_modules && npm install',
        description: 'Reinstall dependencies',
      },
      permissionSuggestions: [FIXTURE_SUGGESTION],
      permissionMode: 'default',
      timeoutSeconds: 300,
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(hub.waitPolls).toEqual([
      {
        serverId: 'kr4',
        requestId: request?.requestId,
        waitSeconds: 25,
        nonce: expect.any(String),
      },
      {
        serverId: 'kr4',
        requestId: request?.requestId,
        waitSeconds: 25,
        nonce: expect.any(String),
      },
    ]);
    expect(hub.waitPolls[0]?.nonce).not.toBe(hub.waitPolls[1]?.nonce);
  });

  it.each<PermissionStatus>(['expired', 'answered-on-server'])(
    '%s: prints nothing, so that Claude Code asks in the terminal',
    async (status) => {
      hub.waitSteps = [{ status }];
      const run = await ask();
      expectCleanExit(run);
      expect(run.stdout).toBe('');
    },
  );

  it('hub down: prints nothing and exits 0 on its own, spooling nothing', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/notify`;
    const run = await ask({ CENTRAL_HUB_ENDPOINT: down });
    expectCleanExit(run);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^remote-hook: not asking Telegram, hub not reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); Claude Code asks here\n$/,
    );
    expect(existsSync(join(root, 'state', 'ccr', 'spool'))).toBe(false);
  });

  it('a poll answered 500 is tried again, and the decision then printed', async () => {
    hub.waitSteps = [{ httpStatus: 500 }, { httpStatus: 500 }, { status: 'allow' }];
    const run = await ask();
    expectCleanExit(run);
    expect(run.stdout).toBe(
      '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}\n',
    );
    expect(hub.waitPolls).toHaveLength(3);
  });

  it('nobody answers within PERMISSION_TIMEOUT: prints nothing and exits 0 on its own', async () => {
    hub.waitSteps = [{ hold: true }];
    const run = await ask({ PERMISSION_TIMEOUT: '2' });
    expectCleanExit(run);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'remote-hook: no answer from Telegram within 2 s; Claude Code asks here\n',
    );
    expect(hub.permissionRequests[0]?.timeoutSeconds).toBe(2);
    // Never a hold past its own timeout (1 when the lookups before the first poll were slow).
    expect(hub.waitPolls.length).toBeGreaterThan(0);
    for (const poll of hub.waitPolls) expect([1, 2]).toContain(poll.waitSeconds);
  });

  it('a wrong secret: prints nothing, says the hub refused it', async () => {
    const run = await ask({ SHARED_SECRET: 'not-the-secret' });
    expectCleanExit(run);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'remote-hook: not asking Telegram, the hub refused the request (HTTP 401: Unauthorized); Claude Code asks here\n',
    );
  });

  /** A real 2.1.328 payload, with paths of this test's own. */
  const realInput = (name: string, fields: Record<string, unknown> = {}): string =>
    JSON.stringify({
      ...(JSON.parse(fixtureText(`real-2.1.328/${name}.json`)) as Record<string, unknown>),
      cwd: root,
      transcript_path: join(root, 'transcript.jsonl'),
      ...fields,
    });

  const askWith = (stdin: string, extraEnv: Record<string, string> = {}): Promise<CliRun> =>
    runBuiltCli(['permission-request'], {
      env: { ...env, ...extraEnv },
      cwd: root,
      stdin,
      killAfterMs: ON_ITS_OWN_MS,
    });

  it('a question answered on Telegram: prints allow with the questions and their answers', async () => {
    hub.waitSteps = [{ status: 'allow', decidedBy: 'ana', answers: [{ options: [1] }] }];
    const run = await askWith(realInput('permission-request-ask-user-question'));
    expectCleanExit(run);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(
      JSON.parse(fixtureText('real-2.1.328/answer-ask-user-question.json')),
    );
    expect(hub.permissionRequests[0]).toMatchObject({
      toolName: 'AskUserQuestion',
      toolInput: { questions: [expect.objectContaining({ header: 'Colour' })] },
    });
  });

  it('answers that do not fit the question: prints nothing, says so', async () => {
    hub.waitSteps = [{ status: 'allow', answers: [{ options: [7] }] }];
    const run = await askWith(realInput('permission-request-ask-user-question'));
    expectCleanExit(run);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'remote-hook: the answer from Telegram does not fit the request; Claude Code asks here\n',
    );
  });

  it('a plan approved: prints allow with its input as it came, which leaves plan mode', async () => {
    hub.waitSteps = [{ status: 'allow', decidedBy: 'ana' }];
    const stdin = realInput('permission-request-exit-plan-mode');
    const run = await askWith(stdin);
    expectCleanExit(run);
    expect(JSON.parse(run.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: {
          behavior: 'allow',
          updatedInput: (JSON.parse(stdin) as { tool_input: unknown }).tool_input,
        },
      },
    });
  });

  it('a plan sent back: prints deny with the feedback, so that Claude keeps planning', async () => {
    hub.waitSteps = [{ status: 'deny', decidedBy: 'ana', feedback: 'Rename the icon too.' }];
    const run = await askWith(realInput('permission-request-exit-plan-mode'));
    expectCleanExit(run);
    expect(JSON.parse(run.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: {
          behavior: 'deny',
          message:
            'Keep planning: the plan was sent back from Telegram by ana, who wrote:\nRename the icon too.',
        },
      },
    });
  });

  it("answered in the terminal: sees the call's outcome in the transcript, tells the hub, exits quietly", async () => {
    hub.waitSteps = [{ hold: true }];
    const transcript = join(root, 'transcript.jsonl');
    const input = JSON.parse(fixtureText('permission-request.json')) as {
      tool_name: string;
      tool_input: Record<string, unknown>;
    };
    const line = (entry: unknown) => `${JSON.stringify(entry)}\n`;
    const toolUse = (id: string) =>
      line({
        type: 'assistant',
        message: {
          role: 'assistant',
          content: [{ type: 'tool_use', id, name: input.tool_name, input: input.tool_input }],
        },
      });
    const toolResult = (id: string) =>
      line({
        type: 'user',
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: id, content: 'done' }],
        },
      });
    // The same call made and answered before, then the one Claude Code waits on now.
    writeFileSync(
      transcript,
      toolUse('toolu_old') + toolResult('toolu_old') + toolUse('toolu_now'),
    );
    const running = askWith(JSON.stringify({ ...input, cwd: root, transcript_path: transcript }), {
      PERMISSION_TIMEOUT: '60',
    });
    await hub.requestArrived('/permissions/wait');
    expect(hub.answeredReports).toEqual([]);
    appendFileSync(transcript, toolResult('toolu_now'));

    const run = await running;
    expectCleanExit(run);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    expect(hub.answeredReports).toEqual([
      {
        serverId: 'kr4',
        requestId: hub.permissionRequests[0]?.requestId,
        nonce: expect.any(String),
      },
    ]);
    expect(hub.requests.at(-1)).toMatchObject({
      path: '/permissions/answered-on-server',
      signatureOk: true,
    });
  });

  it('ended by SIGTERM while it waits (the hook timeout): exits 0 quietly', async () => {
    hub.waitSteps = [{ hold: true }];
    const child = spawn(process.execPath, [BUILT_CLI, 'permission-request'], {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const closed = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (code, signal) => resolve([code, signal])),
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), ON_ITS_OWN_MS);
    child.stdin.end(fixtureText('permission-request.json'));

    await hub.requestArrived('/permissions/wait');
    child.kill('SIGTERM');
    const [code, signal] = await closed;
    clearTimeout(killer);
    expect([code, signal]).toEqual([0, null]);
    expect(stdout).toBe('');
    expect(stderr).toBe('');
  });
});
