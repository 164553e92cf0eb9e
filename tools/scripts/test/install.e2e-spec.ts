import { freePort, makeTempDir, removeDir, workspaceRoot } from '@ccr/testing';
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { liveSessions } from './support/database';
import {
  SECRET,
  createProject,
  lines,
  nextSecond,
  runProgram,
  type TestProject,
} from './support/project';

const NEXT_LINES = (port: number): string[] => [
  'next: for Telegram, set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID in .env',
  'next: npm run start-all, then npm run status',
  `next: on each server: SERVER_ID=<id> CENTRAL_HUB_ENDPOINT=http://<this machine>:${port}/notify SHARED_SECRET=<SHARED_SECRET of .env> bash install.sh`,
  "      or from here, over SSH: npm run add-remote-server -- <user>@<host> <id> <this machine's address>",
];

describe('install.sh on the hub', () => {
  let project: TestProject;

  beforeAll(async () => {
    project = await createProject('ccr-install-hub');
  });
  afterAll(() => project?.dispose());

  it('creates .env with a generated SHARED_SECRET and servers.json with the local server', async () => {
    const first = await project.run('install.sh', ['--skip-build']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      `hub in ${project.root}`,
      'kept node_modules and dist/ as they are (--skip-build)',
      'created .env from .env.example, with a generated SHARED_SECRET (mode 600)',
      'created config/servers.json with the local server',
      ...NEXT_LINES(3001),
    ]);

    const envPath = join(project.root, '.env');
    const env = readFileSync(envPath, 'utf8');
    expect(statSync(envPath).mode & 0o777).toBe(0o600);
    const secret = /^SHARED_SECRET=(.*)$/m.exec(env)?.[1];
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const example = readFileSync(join(project.root, '.env.example'), 'utf8');
    expect(env).toBe(example.replace(/^SHARED_SECRET=.*$/m, `SHARED_SECRET=${secret}`));

    const servers = JSON.parse(readFileSync(join(project.root, 'config/servers.json'), 'utf8'));
    expect(servers).toEqual({
      servers: [{ id: 'local', type: 'local', name: "The hub's own machine" }],
    });

    const second = await project.run('install.sh', ['--skip-build']);
    expect(second.code).toBe(0);
    expect(lines(second.stdout).slice(0, 4)).toEqual([
      `hub in ${project.root}`,
      'kept node_modules and dist/ as they are (--skip-build)',
      'kept .env (yours, unchanged)',
      'kept config/servers.json: 1 server (local)',
    ]);
    expect(readFileSync(envPath, 'utf8')).toBe(env);
  });

  it("keeps the user's .env and refuses a servers.json the hub would refuse", async () => {
    project.writeEnv({ NOTIFY_PORT: 4000, SHARED_SECRET: 'my-own-secret-of-the-user' });
    const envBefore = readFileSync(join(project.root, '.env'), 'utf8');
    const serversPath = join(project.root, 'config/servers.json');
    writeFileSync(
      serversPath,
      JSON.stringify({
        servers: [
          { id: 'local', type: 'local' },
          { id: 'local', type: 'local' },
        ],
      }),
    );
    const result = await project.run('install.sh', ['--skip-build']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('kept .env (yours, unchanged)');
    expect(result.stderr).toContain(
      'configuration error: config/servers.json: servers[1] (local).id: "local" is listed twice (servers[0] too)',
    );
    expect(result.stderr).toContain('install.sh: fix config/servers.json first');
    expect(readFileSync(join(project.root, '.env'), 'utf8')).toBe(envBefore);
  });

  it('does not take a folder that is not a checkout for the hub', async () => {
    const dir = await makeTempDir('ccr-install-alone');
    try {
      copyFileSync(join(workspaceRoot, 'install.sh'), join(dir, 'install.sh'));
      const result = await runProgram('bash', [join(dir, 'install.sh')], {
        env: { PATH: process.env['PATH'], HOME: dir },
        cwd: dir,
        timeoutMs: 30_000,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `install.sh: ${dir} is not a checkout of the hub (no package.json and nx.json); on a server, set SERVER_ID (see --help)\n`,
      );
      expect(readdirSync(dir)).toEqual(['install.sh']);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('install.sh on a server', () => {
  let project: TestProject;
  let port: number;
  let server: string;
  let tarball: string;
  let serverEnv: NodeJS.ProcessEnv;
  const settingsPath = (): string => join(server, 'home/.claude/settings.json');
  const userSettings = {
    model: 'opus',
    hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
  };

  beforeAll(async () => {
    project = await createProject('ccr-install-server');
    port = await freePort();
    project.writeEnv({ NOTIFY_PORT: port, NOTIFY_HOST: '127.0.0.1', SHARED_SECRET: SECRET });
    const started = await project.run('start-all.sh');
    if (started.code !== 0) throw new Error(`start-all failed: ${started.stdout}${started.stderr}`);

    server = await makeTempDir('ccr-install-server-host');
    mkdirSync(join(server, 'home/.claude'), { recursive: true });
    writeFileSync(settingsPath(), `${JSON.stringify(userSettings, null, 2)}\n`);
    const packed = await runProgram(
      'npm',
      ['pack', join(project.root, 'dist/apps/remote-hook'), '--pack-destination', server],
      {
        env: { PATH: process.env['PATH'], HOME: join(server, 'home') },
        cwd: server,
        timeoutMs: 60_000,
      },
    );
    if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    tarball = join(server, lines(packed.stdout).at(-1) ?? '');
    serverEnv = {
      HOME: join(server, 'home'),
      // npm's global folder for this test: root installs globally, so not into the system.
      npm_config_prefix: join(server, 'prefix'),
      SERVER_ID: 'kr5',
      CENTRAL_HUB_ENDPOINT: `http://127.0.0.1:${port}/notify`,
      SHARED_SECRET: SECRET,
      CCR_REMOTE_HOOK_PACKAGE: tarball,
    };
  });

  afterAll(async () => {
    await project?.dispose();
    if (server) await removeDir(server);
  });

  const cli = (): string => join(server, 'prefix/lib/node_modules/@ccr/remote-hook/main.js');
  const install = (args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    project.run('install.sh', args, { env: { ...serverEnv, ...env }, cwd: server });

  it('installs remote-hook from the tarball, writes its config and hooks, and sends a test notification', async () => {
    const result = await install(['--test-notification']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    const configPath = join(server, 'home/.config/ccr/remote-hook.json');
    expect(out.slice(0, 3)).toEqual([
      `server kr5: remote-hook under ${join(server, 'prefix')}`,
      'installed @ccr/remote-hook 0.1.0',
      `✓ config written to ${configPath} (server kr5, hub http://127.0.0.1:${port}/notify)`,
    ]);
    expect(out[3].startsWith(`✓ hooks added to ${settingsPath()}: Stop, `)).toBe(true);
    expect(out).toContain('checking with remote-hook doctor:');
    expect(out).toContain(`    ✓ hub reachable: GET http://127.0.0.1:${port}/health answered 200`);
    expect(out.filter((line) => line.startsWith('    ✗'))).toEqual([]);
    expect(out).toContain(
      'sent a test notification (completed, project ccr-setup-check); the hub stored it',
    );
    expect(out.at(-1)).toBe(
      `note: ${join(server, 'prefix/bin')} is not on your PATH; add it to run remote-hook by name (the hooks do not need it)`,
    );

    expect(JSON.parse(readFileSync(configPath, 'utf8'))).toMatchObject({
      serverId: 'kr5',
      endpoint: `http://127.0.0.1:${port}/notify`,
      secret: SECRET,
    });
    const settings = JSON.parse(readFileSync(settingsPath(), 'utf8'));
    expect(settings.model).toBe('opus');
    expect(settings.hooks.Stop[0]).toEqual(userSettings.hooks.Stop[0]);
    expect(settings.hooks.Stop[1].hooks[0].command).toBe(
      `'${process.execPath}' '${cli()}' hook # @ccr/remote-hook`,
    );

    const sessions = await liveSessions(join(project.root, 'data/sessions.db'));
    expect(sessions).toContainEqual({
      name: 'kr5:1',
      project: 'ccr-setup-check',
      lastType: 'completed',
      state: 'idle',
    });
  });

  it('changes nothing when run again', async () => {
    const settings = readFileSync(settingsPath(), 'utf8');
    await nextSecond();
    const result = await install();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[1]).toBe('kept @ccr/remote-hook 0.1.0 (the same build is installed)');
    expect(out[2]).toMatch(/^✓ config unchanged in /);
    expect(out[3]).toMatch(/^✓ hooks already in /);
    expect(readFileSync(settingsPath(), 'utf8')).toBe(settings);
  });

  it("stops with doctor's finding when the hub refuses the secret", async () => {
    await nextSecond();
    const result = await install([], { SHARED_SECRET: 'not-the-hub-secret-0123456789' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('    ✗ signed ping refused (HTTP 401)');
    expect(result.stderr).toBe(
      'install.sh: remote-hook is installed, but doctor found a problem (✗ above); events wait in the spool until it is fixed\n',
    );
  });

  it('names a missing tarball', async () => {
    const result = await install([], { CCR_REMOTE_HOOK_PACKAGE: join(server, 'nothing.tgz') });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `install.sh: CCR_REMOTE_HOOK_PACKAGE: ${join(server, 'nothing.tgz')} is not a file (make one on the hub with: npm pack dist/apps/remote-hook)\n`,
    );
  });
});
