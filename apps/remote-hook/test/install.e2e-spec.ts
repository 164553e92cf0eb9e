import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtureText } from './support/fixtures';
import { assertBuilt, BUILT_CLI, runBuiltCli, runProcess } from './support/run-cli';
import { startStandInHub, type StandInHub } from './support/stand-in-hub';
import { makeTempDir, removeTempDir } from './support/temp-dir';
import { isolatedEnv } from './support/test-context';

const SECRET = 'install-secret';

/** A user's settings before remote-hook: hooks of their own on the same events, and more. */
const USER_SETTINGS = {
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'], deny: [] },
  hooks: {
    Stop: [{ hooks: [{ type: 'command', command: 'afplay /System/Library/Sounds/Glass.aiff' }] }],
    Notification: [
      {
        matcher: 'permission_prompt',
        hooks: [{ type: 'command', command: 'notify-send "Claude asks"' }],
      },
    ],
    PreToolUse: [
      { matcher: 'Bash', hooks: [{ type: 'command', command: '~/bin/audit-bash.sh', timeout: 5 }] },
    ],
  },
  statusLine: { type: 'command', command: '~/.claude/statusline.sh' },
};

describe('install and uninstall (built CLI, temp HOME)', () => {
  let root: string;
  let env: Record<string, string>;
  let settingsPath: string;
  let configPath: string;
  let hub: StandInHub;

  beforeAll(assertBuilt);
  beforeEach(async () => {
    root = await makeTempDir('e2e-install');
    env = isolatedEnv(root);
    settingsPath = join(root, 'home', '.claude', 'settings.json');
    configPath = join(root, 'config', 'ccr', 'remote-hook.json');
    await mkdir(join(root, 'home', '.claude'), { recursive: true });
    await writeFile(settingsPath, `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
    hub = await startStandInHub({ secret: SECRET });
  });
  afterEach(async () => {
    await hub.close();
    await removeTempDir(root);
  });

  const install = (extraArgs: string[] = []) =>
    runBuiltCli(
      [
        'install',
        '--server-id',
        'kr4',
        '--endpoint',
        hub.notifyUrl,
        '--secret',
        SECRET,
        ...extraArgs,
      ],
      { env, cwd: root },
    );

  it('adds its hooks next to the user ones, writes a private config, and is idempotent', async () => {
    const first = await install();
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain(
      `✓ config written to ${configPath} (server kr4, hub ${hub.notifyUrl})`,
    );
    expect(first.stdout).toContain(
      `✓ hooks added to ${settingsPath}: Stop, Notification (permission_prompt|idle_prompt), StopFailure, PermissionRequest, SessionStart, UserPromptSubmit, SessionEnd`,
    );
    expect(first.stdout).toContain(
      '  PermissionRequest runs "permission-request", which waits up to 300 s for an answer from Telegram (PERMISSION_TIMEOUT); its hook timeout is 330 s\n',
    );
    expect(first.stdout).not.toContain(SECRET);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);

    const settingsText = await readFile(settingsPath, 'utf8');
    const settings = JSON.parse(settingsText);
    const command = `'${process.execPath}' '${BUILT_CLI}' hook # @ccr/remote-hook`;
    const ownHook = { type: 'command', command, timeout: 10 };
    const permissionHook = {
      type: 'command',
      command: `'${process.execPath}' '${BUILT_CLI}' permission-request # @ccr/remote-hook`,
      timeout: 330,
    };
    expect(settings).toEqual({
      ...USER_SETTINGS,
      hooks: {
        Stop: [...USER_SETTINGS.hooks.Stop, { hooks: [ownHook] }],
        Notification: [
          ...USER_SETTINGS.hooks.Notification,
          { matcher: 'permission_prompt|idle_prompt', hooks: [ownHook] },
        ],
        PreToolUse: USER_SETTINGS.hooks.PreToolUse,
        StopFailure: [{ hooks: [ownHook] }],
        PermissionRequest: [{ hooks: [permissionHook] }],
        SessionStart: [{ hooks: [{ ...ownHook, async: true }] }],
        UserPromptSubmit: [{ hooks: [{ ...ownHook, async: true }] }],
        SessionEnd: [{ hooks: [{ ...ownHook, async: true }] }],
      },
    });

    const second = await install();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('✓ hooks already in');
    expect(await readFile(settingsPath, 'utf8')).toBe(settingsText);
  });

  it('installs a command that Claude Code can run as it is', async () => {
    await install();
    const settings = JSON.parse(await readFile(settingsPath, 'utf8'));
    const command: string = settings.hooks.Stop[1].hooks[0].command;
    // Claude Code runs hook commands through the shell, from the project folder, hook JSON on stdin.
    const run = await runProcess('/bin/sh', ['-c', command], {
      env: isolatedEnv(root),
      cwd: root,
      stdin: fixtureText('stop.json'),
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(hub.accepted.map((p) => [p.serverId, p.type])).toEqual([['kr4', 'completed']]);
  });

  it('installs a PermissionRequest command that answers Claude Code with the decision', async () => {
    await install();
    const settings = JSON.parse(await readFile(settingsPath, 'utf8'));
    const command: string = settings.hooks.PermissionRequest[0].hooks[0].command;
    hub.waitSteps = [{ status: 'allow', decidedBy: 'ana' }];
    const run = await runProcess('/bin/sh', ['-c', command], {
      env: isolatedEnv(root),
      cwd: root,
      stdin: fixtureText('permission-request.json'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}\n',
    );
    expect(hub.permissionRequests.map((r) => [r.serverId, r.toolName])).toEqual([['kr4', 'Bash']]);
  });

  it('gives PermissionRequest a hook timeout of PERMISSION_TIMEOUT + 30 s, and says so', async () => {
    const run = await runBuiltCli(
      ['install', '--server-id', 'kr4', '--endpoint', hub.notifyUrl, '--secret', SECRET],
      { env: { ...env, PERMISSION_TIMEOUT: '120' }, cwd: root },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '  PermissionRequest runs "permission-request", which waits up to 120 s for an answer from Telegram (PERMISSION_TIMEOUT); its hook timeout is 150 s\n',
    );
    const settings = JSON.parse(await readFile(settingsPath, 'utf8'));
    expect(settings.hooks.PermissionRequest[0].hooks[0].timeout).toBe(150);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({
      serverId: 'kr4',
      endpoint: hub.notifyUrl,
      secret: SECRET,
      permissionTimeoutSeconds: 120,
    });

    const removed = await runBuiltCli(['uninstall'], { env, cwd: root });
    expect(removed.stdout).toContain(
      `✓ removed remote-hook from ${settingsPath}: Stop, Notification, StopFailure, PermissionRequest, SessionStart, UserPromptSubmit, SessionEnd`,
    );
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toEqual(USER_SETTINGS);
  });

  it('uninstall removes only its own hooks, giving back the user settings', async () => {
    await install();
    const removed = await runBuiltCli(['uninstall'], { env, cwd: root });
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(
      `✓ removed remote-hook from ${settingsPath}: Stop, Notification, StopFailure, PermissionRequest, SessionStart, UserPromptSubmit, SessionEnd`,
    );
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toEqual(USER_SETTINGS);

    const again = await runBuiltCli(['uninstall'], { env, cwd: root });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`✓ nothing to remove: no remote-hook hooks in ${settingsPath}\n`);
  });

  it('creates the settings file in $CLAUDE_CONFIG_DIR when there is none', async () => {
    const claudeDir = join(root, 'claude-config');
    const run = await runBuiltCli(['install'], {
      env: {
        ...env,
        CLAUDE_CONFIG_DIR: claudeDir,
        SERVER_ID: 'kr4',
        CENTRAL_HUB_ENDPOINT: hub.notifyUrl,
        SHARED_SECRET: SECRET,
      },
      cwd: root,
    });
    expect(run.code).toBe(0);
    const settings = JSON.parse(await readFile(join(claudeDir, 'settings.json'), 'utf8'));
    expect(Object.keys(settings.hooks)).toEqual([
      'Stop',
      'Notification',
      'StopFailure',
      'PermissionRequest',
      'SessionStart',
      'UserPromptSubmit',
      'SessionEnd',
    ]);
    expect(settings.hooks.SessionStart[0].hooks[0]).toMatchObject({ async: true, timeout: 10 });
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toEqual(USER_SETTINGS);
  });

  it('refuses an incomplete or invalid config with exit 2, writing nothing', async () => {
    const run = await runBuiltCli(['install', '--server-id', 'kr 4', '--endpoint', 'hub:3001'], {
      env,
      cwd: root,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--server-id "kr 4" is not a server id');
    expect(run.stderr).toContain('--endpoint "hub:3001" is not an http(s) URL');
    expect(run.stderr).toContain('no shared secret: set SHARED_SECRET');
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toEqual(USER_SETTINGS);
    await expect(stat(configPath)).rejects.toThrow();
  });

  it('refuses to touch a settings file that is not valid JSON', async () => {
    await writeFile(settingsPath, '{ "model": "opus", // mine\n}');
    const run = await install();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${settingsPath} is not valid JSON`);
    expect(await readFile(settingsPath, 'utf8')).toBe('{ "model": "opus", // mine\n}');
  });
});
