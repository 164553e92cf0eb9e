import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fixtureText } from '../../../test/support/fixtures';
import { closedPort, startStandInHub, type StandInHub } from '../../../test/support/stand-in-hub';
import { makeTempDir, removeTempDir } from '../../../test/support/temp-dir';
import { isolatedEnv, testContext } from '../../../test/support/test-context';
import { CliError } from '../../cli.error';
import { ExitCode } from '../../exit-code.constant';
import { requestPermission } from './request-permission.util';

const SECRET = 'permission-secret';
const FIXTURE_SUGGESTION = {
  type: 'addRules',
  rules: [{ toolName: 'Bash', ruleContent: 'rm -rf node_modules && npm install' }],
  behavior: 'allow',
  destination: 'localSettings',
};

describe('requestPermission', () => {
  let root: string;
  let hub: StandInHub;
  let env: Record<string, string>;

  beforeEach(async () => {
    root = await makeTempDir('permission');
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

  const ask = async (overrides: { env?: Record<string, string>; stdin?: string } = {}) => {
    const ctx = testContext({
      env: overrides.env ?? env,
      cwd: root,
      stdin: 'stdin' in overrides ? overrides.stdin : fixtureText('permission-request.json'),
    });
    const code = await requestPermission(ctx, { pollSlackMs: 500 });
    return { code, stdout: ctx.stdout, stderr: ctx.stderr };
  };

  it('sends the request signed, then prints the decision given on Telegram', async () => {
    hub.waitSteps = [{ status: 'pending' }, { status: 'allow', decidedBy: 'ana' }];
    await expect(ask()).resolves.toEqual({
      code: ExitCode.Ok,
      stdout: [
        '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}',
      ],
      stderr: [],
    });
    expect(hub.requests.map((r) => [r.path, r.signatureOk])).toEqual([
      ['/permissions', true],
      ['/permissions/wait', true],
      ['/permissions/wait', true],
    ]);
    const [request] = hub.permissionRequests;
    expect(request).toEqual({
      serverId: 'kr4',
      project: 'webapp',
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/),
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
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(hub.waitPolls.map((poll) => poll.requestId)).toEqual([
      request?.requestId,
      request?.requestId,
    ]);
  });

  it('allows for this session by echoing the first suggestion with destination "session"', async () => {
    hub.waitSteps = [{ status: 'allow-session', decidedBy: 'ana' }];
    const { stdout } = await ask();
    expect(stdout).toHaveLength(1);
    expect(JSON.parse(stdout[0] ?? '')).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: {
          behavior: 'allow',
          updatedPermissions: [{ ...FIXTURE_SUGGESTION, destination: 'session' }],
        },
      },
    });
  });

  it('denies, naming who did', async () => {
    hub.waitSteps = [{ status: 'deny', decidedBy: 'ana' }];
    const { stdout } = await ask();
    expect(stdout).toEqual([
      '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"deny","message":"Denied from Telegram by ana."}}}',
    ]);
  });

  it('prints nothing when the request expired on the hub or was answered in the terminal', async () => {
    hub.waitSteps = [{ status: 'expired' }];
    await expect(ask()).resolves.toEqual({
      code: ExitCode.Ok,
      stdout: [],
      stderr: ['remote-hook: the request expired on the hub unanswered; Claude Code asks here'],
    });
    hub.waitSteps = [{ status: 'answered-on-server' }];
    await expect(ask()).resolves.toEqual({ code: ExitCode.Ok, stdout: [], stderr: [] });
  });

  it('prints nothing once its own timeout has passed', async () => {
    hub.waitSteps = [{ hold: true }];
    const result = await ask({ env: { ...env, PERMISSION_TIMEOUT: '1' } });
    expect(result).toEqual({
      code: ExitCode.Ok,
      stdout: [],
      stderr: ['remote-hook: no answer from Telegram within 1 s; Claude Code asks here'],
    });
    expect(hub.permissionRequests[0]?.timeoutSeconds).toBe(1);
  });

  it('waits as long as the config file says', async () => {
    const configPath = join(root, 'config', 'ccr', 'remote-hook.json');
    await mkdir(join(root, 'config', 'ccr'), { recursive: true });
    await writeFile(configPath, JSON.stringify({ permissionTimeoutSeconds: 42 }));
    hub.waitSteps = [{ status: 'allow' }];
    await ask();
    expect(hub.permissionRequests[0]?.timeoutSeconds).toBe(42);
    expect(hub.waitPolls[0]?.waitSeconds).toBe(25);
  });

  it('prints nothing when the hub is down, and spools nothing', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/notify`;
    const result = await ask({ env: { ...env, CENTRAL_HUB_ENDPOINT: down } });
    expect(result.code).toBe(ExitCode.Ok);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual([
      expect.stringMatching(
        /^remote-hook: not asking Telegram, hub not reached \(connect ECONNREFUSED .+\); Claude Code asks here$/,
      ),
    ]);
    expect(existsSync(join(root, 'state'))).toBe(false);
  });

  it('prints nothing when the hub refuses the request or a poll', async () => {
    hub.mode = 'reject';
    await expect(ask()).resolves.toEqual({
      code: ExitCode.Ok,
      stdout: [],
      stderr: [
        'remote-hook: not asking Telegram, the hub refused the request (HTTP 400: toolName must be a string (field toolName)); Claude Code asks here',
      ],
    });
    hub.mode = 'accept';
    hub.waitSteps = [{ httpStatus: 403 }];
    const refused = await ask();
    expect(refused.stdout).toEqual([]);
    expect(refused.stderr).toEqual([
      'remote-hook: stopped waiting for Telegram, HTTP 403: scripted 403; Claude Code asks here',
    ]);
  });

  it('prints nothing without config, and asks no hub', async () => {
    const result = await ask({ env: isolatedEnv(root) });
    expect(result).toEqual({
      code: ExitCode.Ok,
      stdout: [],
      stderr: [
        'remote-hook: not asking Telegram, no server id: set SERVER_ID or run "remote-hook install --server-id …" ("remote-hook doctor" lists all)',
      ],
    });
    expect(hub.requests).toEqual([]);
  });

  it('asks nothing for input that is not a PermissionRequest', async () => {
    await expect(ask({ stdin: '{"tool_name":' })).resolves.toMatchObject({
      stdout: [],
      stderr: [
        expect.stringMatching(/^remote-hook: nothing asked, the hook input on stdin is not JSON/),
      ],
    });
    await expect(ask({ stdin: fixtureText('stop.json') })).resolves.toEqual({
      code: ExitCode.Ok,
      stdout: [],
      stderr: ['remote-hook: nothing asked, the hook input names no tool_name'],
    });
    await expect(ask({ stdin: '' })).resolves.toMatchObject({
      stderr: ['remote-hook: nothing asked, there is no hook input on stdin'],
    });
    expect(hub.requests).toEqual([]);
  });

  it('tells a person running it at a terminal what it is for', async () => {
    await expect(ask({ stdin: undefined })).rejects.toThrow(CliError);
  });
});
