import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../../test/support/temp-dir';
import { isolatedEnv, testContext } from '../../../test/support/test-context';
import { ExitCode } from '../../exit-code.constant';
import { parseCommandArgs } from '../../parse-command-args.util';
import { UNINSTALL_COMMAND } from '../uninstall/uninstall.command';
import { INSTALL_COMMAND } from './install.command';

describe('install and uninstall', () => {
  let root: string;
  let env: Record<string, string>;
  let settingsPath: string;
  let configPath: string;
  const userSettings = {
    model: 'opus',
    hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
  };

  beforeEach(async () => {
    root = await makeTempDir('install');
    env = isolatedEnv(root);
    settingsPath = join(root, 'home', '.claude', 'settings.json');
    configPath = join(root, 'config', 'ccr', 'remote-hook.json');
    await mkdir(join(root, 'home', '.claude'), { recursive: true });
    await writeFile(settingsPath, `${JSON.stringify(userSettings, null, 2)}\n`);
  });
  afterEach(() => removeTempDir(root));

  const run = async (command: typeof INSTALL_COMMAND, argv: string[], extraEnv = {}) => {
    const ctx = testContext({
      env: { ...env, ...extraEnv },
      cwd: root,
      scriptPath: '/opt/remote-hook/main.js',
    });
    const code = await command.run(ctx, parseCommandArgs(command, argv));
    return { code, ctx };
  };

  it('writes the config and the hooks, and gives the identical files when run again', async () => {
    const flags = [
      '--server-id',
      'kr4',
      '--endpoint',
      'http://172.24.12.11:3001/notify',
      '--secret',
      's3cret',
    ];
    const first = await run(INSTALL_COMMAND, flags);
    expect(first.code).toBe(ExitCode.Ok);
    expect(first.ctx.stdout[0]).toBe(
      `✓ config written to ${configPath} (server kr4, hub http://172.24.12.11:3001/notify)`,
    );
    expect(first.ctx.stdout.join('\n')).not.toContain('s3cret');
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);

    const settings = await readFile(settingsPath, 'utf8');
    const config = await readFile(configPath, 'utf8');
    const second = await run(INSTALL_COMMAND, flags);
    expect(second.ctx.stdout[0]).toMatch(/^✓ config unchanged in /);
    expect(second.ctx.stdout[1]).toMatch(/^✓ hooks already in /);
    expect(await readFile(settingsPath, 'utf8')).toBe(settings);
    expect(await readFile(configPath, 'utf8')).toBe(config);

    const parsed = JSON.parse(settings);
    expect(parsed.model).toBe('opus');
    expect(parsed.hooks.Stop[0]).toEqual(userSettings.hooks.Stop[0]);
    expect(parsed.hooks.Stop[1].hooks[0].command).toBe(
      `'${process.execPath}' '/opt/remote-hook/main.js' hook # @ccr/remote-hook`,
    );
    expect(parsed.hooks.PermissionRequest).toEqual([
      {
        hooks: [
          {
            type: 'command',
            command: `'${process.execPath}' '/opt/remote-hook/main.js' permission-request # @ccr/remote-hook`,
            timeout: 330,
          },
        ],
      },
    ]);
    expect(first.ctx.stdout).toContain(
      '  PermissionRequest runs "permission-request", which waits up to 300 s for an answer from Telegram (PERMISSION_TIMEOUT); its hook timeout is 330 s',
    );
  });

  it('gives the PermissionRequest hook a timeout 30 s past the permission timeout, and keeps it', async () => {
    const values = {
      SERVER_ID: 'kr4',
      CENTRAL_HUB_ENDPOINT: 'http://hub:3001/notify',
      SHARED_SECRET: 's',
    };
    const first = await run(INSTALL_COMMAND, [], { ...values, PERMISSION_TIMEOUT: '120' });
    expect(first.code).toBe(ExitCode.Ok);
    expect(first.ctx.stdout[0]).toBe(
      `✓ config written to ${configPath} (server kr4, hub http://hub:3001/notify, permission timeout 120 s)`,
    );
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toMatchObject({
      permissionTimeoutSeconds: 120,
    });
    const timeoutOf = async (): Promise<unknown> =>
      JSON.parse(await readFile(settingsPath, 'utf8')).hooks.PermissionRequest[0].hooks[0].timeout;
    expect(await timeoutOf()).toBe(150);
    expect(first.ctx.stdout).toContain(
      '  PermissionRequest runs "permission-request", which waits up to 120 s for an answer from Telegram (PERMISSION_TIMEOUT); its hook timeout is 150 s',
    );

    // Run again without the variable, the file's value still holds.
    await run(INSTALL_COMMAND, []);
    expect(await timeoutOf()).toBe(150);

    await run(INSTALL_COMMAND, ['--permission-timeout', '600']);
    expect(await timeoutOf()).toBe(630);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toMatchObject({
      permissionTimeoutSeconds: 600,
    });
  });

  it('refuses a permission timeout it cannot use, writing nothing', async () => {
    const before = await readFile(settingsPath, 'utf8');
    await expect(
      run(INSTALL_COMMAND, ['--server-id', 'kr4', '--permission-timeout', '10m']),
    ).rejects.toThrow('--permission-timeout "10m" is not a whole number of seconds from 1 to 3600');
    expect(await readFile(settingsPath, 'utf8')).toBe(before);
  });

  it('takes the values from the environment', async () => {
    await run(INSTALL_COMMAND, [], {
      SERVER_ID: 'kr7',
      CENTRAL_HUB_ENDPOINT: 'http://hub:3001/notify',
      SHARED_SECRET: 'env-secret',
      CCR_EXTRA_EVENTS: 'SubagentStop',
    });
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({
      serverId: 'kr7',
      endpoint: 'http://hub:3001/notify',
      secret: 'env-secret',
      extraEvents: ['SubagentStop'],
    });
    expect(JSON.parse(await readFile(settingsPath, 'utf8')).hooks).toHaveProperty('SubagentStop');
  });

  it('installs the hooks without config, saying the hooks send nothing yet', async () => {
    const { code, ctx } = await run(INSTALL_COMMAND, []);
    expect(code).toBe(ExitCode.Ok);
    expect(ctx.stdout[0]).toMatch(
      /^! no usable config yet, so the hooks send nothing: no server id/,
    );
    await expect(stat(configPath)).rejects.toThrow();
  });

  it('uninstall restores the user settings and says when there is nothing left to remove', async () => {
    await run(INSTALL_COMMAND, ['--settings', settingsPath]);
    const removed = await run(UNINSTALL_COMMAND, []);
    expect(removed.ctx.stdout[0]).toBe(
      `✓ removed remote-hook from ${settingsPath}: Stop, Notification, StopFailure, PermissionRequest, SessionStart, UserPromptSubmit, SessionEnd`,
    );
    expect(JSON.parse(await readFile(settingsPath, 'utf8'))).toEqual(userSettings);
    const again = await run(UNINSTALL_COMMAND, []);
    expect(again.ctx.stdout).toEqual([
      `✓ nothing to remove: no remote-hook hooks in ${settingsPath}`,
    ]);
  });

  it('points out a hand-written remote-hook hook that would double notifications', async () => {
    await writeFile(
      settingsPath,
      JSON.stringify({
        hooks: {
          Stop: [{ hooks: [{ type: 'command', command: 'npx @ccr/remote-hook completed' }] }],
        },
      }),
    );
    const { ctx } = await run(INSTALL_COMMAND, []);
    expect(ctx.stdout).toContain(
      '! hooks.Stop also runs "npx @ccr/remote-hook completed", which install did not add: remove it, or its notifications arrive twice',
    );
  });
});
