import { join } from 'node:path';
import { assertBuilt, runBuiltCli } from './support/run-cli';
import { closedPort, startStandInHub, type StandInHub } from './support/stand-in-hub';
import { makeTempDir, removeTempDir } from './support/temp-dir';
import { isolatedEnv } from './support/test-context';

const SECRET = 'doctor-secret';

describe('doctor (built CLI)', () => {
  let root: string;
  let hub: StandInHub;
  let env: Record<string, string>;

  beforeAll(assertBuilt);
  beforeEach(async () => {
    root = await makeTempDir('e2e-doctor');
    hub = await startStandInHub({ secret: SECRET, knownServers: ['kr4'] });
    env = isolatedEnv(root);
    const install = await runBuiltCli(
      ['install', '--server-id', 'kr4', '--endpoint', hub.notifyUrl, '--secret', SECRET],
      { env, cwd: root },
    );
    expect(install.code).toBe(0);
  });
  afterEach(async () => {
    await hub.close();
    await removeTempDir(root);
  });

  const lines = (stdout: string): string[] => stdout.trimEnd().split('\n');

  it('passes every check with the right secret', async () => {
    const run = await runBuiltCli(['doctor'], { env, cwd: root });
    expect(run.stderr).toBe('');
    const configPath = join(root, 'config', 'ccr', 'remote-hook.json');
    const settingsPath = join(root, 'home', '.claude', 'settings.json');
    expect(lines(run.stdout)).toEqual([
      `✓ config: server kr4, hub ${hub.notifyUrl} (${configPath})`,
      `✓ hub reachable: GET ${hub.origin}/health answered 200`,
      '✓ signed ping accepted for kr4: the shared secret matches',
      expect.stringMatching(/^✓ tmux \S+ installed; this shell is not inside tmux: /),
      `✓ hooks installed in ${settingsPath}: Stop, Notification (permission_prompt|idle_prompt), StopFailure, PermissionRequest, SessionStart, UserPromptSubmit, SessionEnd`,
      `✓ spool empty (${join(root, 'state', 'ccr', 'spool')})`,
    ]);
    expect(run.code).toBe(0);
    expect(hub.requests.find((r) => r.path === '/ping')?.signatureOk).toBe(true);
  });

  it('says the secret is wrong when the hub answers the signed ping with 401', async () => {
    const run = await runBuiltCli(['doctor'], {
      env: { ...env, SHARED_SECRET: 'not-the-secret' },
      cwd: root,
    });
    expect(run.code).toBe(1);
    const ping = lines(run.stdout)[2];
    expect(ping).toBe(
      "✗ signed ping refused (HTTP 401): the shared secret is wrong for kr4; use the hub's SHARED_SECRET (or this server's secret in servers.json), and check this clock is within 300 s of the hub's",
    );
    expect(lines(run.stdout)[1]).toMatch(/^✓ hub reachable/);
  });

  it('fails the hub checks when nothing listens, and reports the backlog', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/notify`;
    const hookEnv = { ...env, CENTRAL_HUB_ENDPOINT: down };
    await runBuiltCli(['completed'], { env: hookEnv, cwd: root });
    const run = await runBuiltCli(['doctor'], { env: hookEnv, cwd: root });
    expect(run.code).toBe(1);
    const output = lines(run.stdout);
    expect(output[1]).toMatch(/^✗ hub not reachable, GET .+\/health failed \(connect ECONNREFUSED/);
    expect(output[2]).toBe('✗ signed ping not tried: the hub is not reachable');
    expect(output[5]).toMatch(
      /^✗ spool: 1 undelivered event\(s\) in .+: run "remote-hook flush" once the hub is reachable$/,
    );
  });

  it('fails when PERMISSION_TIMEOUT grew past the installed hook timeout', async () => {
    const run = await runBuiltCli(['doctor'], {
      env: { ...env, PERMISSION_TIMEOUT: '600' },
      cwd: root,
    });
    expect(run.code).toBe(1);
    const settingsPath = join(root, 'home', '.claude', 'settings.json');
    expect(lines(run.stdout)[4]).toBe(
      `✗ hooks in ${settingsPath} give PermissionRequest a timeout of 330 s, not longer than the permission timeout of 600 s: run "remote-hook install" again`,
    );
  });

  it('fails without config and without hooks, saying what to run', async () => {
    const bare = isolatedEnv(join(root, 'other'));
    const run = await runBuiltCli(['doctor'], { env: bare, cwd: root });
    expect(run.code).toBe(1);
    const output = lines(run.stdout);
    expect(output[0]).toMatch(
      /^✗ config: no server id: set SERVER_ID or run "remote-hook install --server-id …"/,
    );
    expect(output[1]).toBe('✗ hub not checked: the config is incomplete');
    expect(output[3]).toMatch(/^✗ hooks missing in .+: run "remote-hook install"$/);
  });
});
