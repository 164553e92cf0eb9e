import { freePort, startSshd, type TestSshd } from '@ccr/testing';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { liveSessions } from './support/database';
import { SECRET, createProject, lines, nextSecond, type TestProject } from './support/project';

describe('list-servers and add-remote-server, against an sshd on loopback', () => {
  let project: TestProject;
  let sshd: TestSshd;
  let port: number;

  beforeAll(async () => {
    project = await createProject('ccr-scripts-servers');
    sshd = await startSshd();
    port = await freePort();
    project.writeEnv({
      NOTIFY_PORT: port,
      NOTIFY_HOST: '127.0.0.1',
      SHARED_SECRET: SECRET,
      SERVERS_CONFIG: 'config/servers.json',
    });
    const installed = await project.run('install.sh', ['--skip-build']);
    if (installed.code !== 0) throw new Error(`install.sh failed: ${installed.stderr}`);
    const started = await project.run('start-all.sh');
    if (started.code !== 0) throw new Error(`start-all failed: ${started.stdout}${started.stderr}`);
  });

  afterAll(async () => {
    await project?.dispose();
    await sshd?.dispose();
  });

  const serversPath = (): string => join(project.root, 'config/servers.json');
  const knownHostsPath = (): string => join(project.root, 'config/known_hosts');
  const target = (): string => `${sshd.user.name}@127.0.0.1`;
  const add = (args: string[]) => project.run('add-remote-server.sh', args, { timeoutMs: 120_000 });

  it('lists the hub ports, then the servers of servers.json', async () => {
    const result = await project.run('list-servers.sh');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe('Hub on this machine');
    expect(out.slice(1, 3).map((line) => line.trim().split(/\s{2,}/))).toEqual([
      [
        'hub-api',
        `port ${port} on 127.0.0.1`,
        `servers post to http://<this machine>:${port}/notify`,
      ],
      ['hub-bot', 'off', 'TELEGRAM_BOT_TOKEN is not set'],
    ]);
    expect(out.slice(3)).toEqual([
      'Servers in config/servers.json: 1',
      '  ID     TYPE   HOST          SSH USER  SSH PORT  NAME',
      "  local  local  this machine  -         -         The hub's own machine",
    ]);
  });

  it('adds a server: host key, login, remote-hook, test notification, servers.json', async () => {
    const key = sshd.clientKey.privateKeyPath;
    const result = await add([
      '--port',
      String(sshd.port),
      '--key',
      key,
      '--name',
      'Test box',
      target(),
      'kr7',
      '127.0.0.1',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out.slice(0, 4)).toEqual([
      `adding kr7: ${target()} port ${sshd.port}, notifications to http://127.0.0.1:${port}/notify`,
      'server kr7 can be added to config/servers.json',
      `logged in over SSH as ${target()} with ${key}`,
      expect.stringMatching(
        new RegExp(
          `^recorded the host key in config/known_hosts: 256 SHA256:\\S+ \\[127\\.0\\.0\\.1\\]:${sshd.port} \\(ED25519\\)$`,
        ),
      ),
    ]);
    expect(out).toContain(`on kr7 (${target()}):`);
    expect(out).toContain('    installed @ccr/remote-hook 0.1.0');
    expect(out).toContain(
      '    sent a test notification (completed, project ccr-setup-check); the hub stored it',
    );
    expect(out.slice(-2)).toEqual([
      'added server kr7 to config/servers.json',
      'next: restart the hub so that it knows kr7: npm run restart-all',
    ]);

    // The entry, checked by the hub's rules, pointing at the recorded host key.
    const servers = JSON.parse(readFileSync(serversPath(), 'utf8'));
    expect(servers.servers).toEqual([
      { id: 'local', type: 'local', name: "The hub's own machine" },
      {
        id: 'kr7',
        type: 'remote',
        name: 'Test box',
        host: '127.0.0.1',
        port: sshd.port,
        user: sshd.user.name,
        keyPath: key,
        knownHostsPath: knownHostsPath(),
        strictHostKeyChecking: true,
      },
    ]);
    expect(statSync(knownHostsPath()).mode & 0o077).toBe(0);
    expect(readFileSync(knownHostsPath(), 'utf8')).toContain(
      `${sshd.knownHostsLine(sshd.hostKeys[0])}\n`,
    );

    // On the server, as its user: the config and the hooks.
    const home = sshd.user.home;
    const config = JSON.parse(readFileSync(join(home, '.config/ccr/remote-hook.json'), 'utf8'));
    expect(config).toMatchObject({
      serverId: 'kr7',
      endpoint: `http://127.0.0.1:${port}/notify`,
      secret: SECRET,
    });
    expect(statSync(join(home, '.config/ccr/remote-hook.json')).uid).toBe(sshd.user.uid);
    const settings = JSON.parse(readFileSync(join(home, '.claude/settings.json'), 'utf8'));
    expect(settings.hooks.Stop[0].hooks[0].command).toBe(
      `'${process.execPath}' '${home}/.local/lib/node_modules/@ccr/remote-hook/main.js' hook # @ccr/remote-hook`,
    );

    // The test notification is in the hub's database, and status lists it.
    const sessions = await liveSessions(join(project.root, 'data/sessions.db'));
    expect(sessions).toEqual([
      { name: 'kr7:1', project: 'ccr-setup-check', lastType: 'completed', state: 'idle' },
    ]);
    const status = await project.run('status.sh');
    expect(status.code).toBe(0);
    const rows = lines(status.stdout)
      .slice(5)
      .map((line) => line.trim().split(/\s{2,}/));
    expect(rows.map((cells) => cells.slice(0, 3))).toEqual([
      ['kr7:1', 'ccr-setup-check', 'idle'],
    ]);

    const listed = await project.run('list-servers.sh');
    const table = lines(listed.stdout).slice(3);
    expect(table[0]).toBe('Servers in config/servers.json: 2');
    expect(table.slice(1).map((line) => line.trim().split(/\s{2,}/))).toEqual([
      ['ID', 'TYPE', 'HOST', 'SSH USER', 'SSH PORT', 'NAME'],
      ['local', 'local', 'this machine', '-', '-', "The hub's own machine"],
      ['kr7', 'remote', '127.0.0.1', sshd.user.name, String(sshd.port), 'Test box'],
    ]);

    // After the restart it asks for, the hub knows the server.
    await project.run('stop-all.sh');
    const restarted = await project.run('start-all.sh');
    expect(restarted.code).toBe(0);
    const known = await fetch(`http://127.0.0.1:${port}/servers`, {
      headers: { 'x-shared-secret': SECRET },
    }).then((response) => response.json() as Promise<{ servers: { id: string }[] }>);
    expect(known.servers.map((server) => server.id)).toContain('kr7');
  });

  it('changes nothing when run again for the same server', async () => {
    const servers = readFileSync(serversPath(), 'utf8');
    const knownHosts = readFileSync(knownHostsPath(), 'utf8');
    await nextSecond();
    const result = await add([
      '--port',
      String(sshd.port),
      '--key',
      sshd.clientKey.privateKeyPath,
      '--name',
      'Test box',
      target(),
      'kr7',
      '127.0.0.1',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = lines(result.stdout);
    expect(out[1]).toBe('kept server kr7 in config/servers.json (already there, unchanged)');
    expect(out[3]).toBe(`kept the host key of [127.0.0.1]:${sshd.port} in config/known_hosts`);
    expect(out).toContain('    kept @ccr/remote-hook 0.1.0 (the same build is installed)');
    expect(out.some((line) => line.startsWith('    ✓ config unchanged in '))).toBe(true);
    expect(out.some((line) => line.startsWith('    ✓ hooks already in '))).toBe(true);
    expect(out.at(-1)).toBe('kept server kr7 in config/servers.json (already there, unchanged)');
    expect(readFileSync(serversPath(), 'utf8')).toBe(servers);
    expect(readFileSync(knownHostsPath(), 'utf8')).toBe(knownHosts);
  });

  it('refuses, before connecting, an entry the hub would refuse', async () => {
    const logins = sshd.acceptedLogins();
    const servers = readFileSync(serversPath(), 'utf8');
    const key = sshd.clientKey.privateKeyPath;

    const badId = await add([
      '--port',
      String(sshd.port),
      '--key',
      key,
      target(),
      '-kr8',
      '127.0.0.1',
    ]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('add-remote-server: unknown option: -kr8');

    const invalid = await add([
      '--port',
      String(sshd.port),
      '--key',
      key,
      target(),
      'kr.8',
      '127.0.0.1',
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toBe(
      'the new server: id: must be 1–32 letters, digits, "-" or "_", starting with a letter or digit (such as "kr4")\nadd-remote-server: kr.8 not added\n',
    );

    const taken = await add(['--port', '2222', '--key', key, target(), 'kr7', '127.0.0.1']);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(
      `server "kr7" is already in config/servers.json as ${target()}:${sshd.port} (key ${key}); choose another id, or remove or edit that entry first`,
    );

    const usage = await add([target(), 'kr8']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('add-remote-server: expected USER@HOST SERVER-ID HUB-ADDRESS');

    expect(sshd.acceptedLogins()).toBe(logins);
    expect(readFileSync(serversPath(), 'utf8')).toBe(servers);
  });

  it('stops with a clear message when SSH refuses the key or nothing listens', async () => {
    const servers = readFileSync(serversPath(), 'utf8');
    const stranger = await sshd.newKeyPair('stranger_key');
    const refused = await add([
      '--port',
      String(sshd.port),
      '--key',
      stranger.privateKeyPath,
      target(),
      'kr8',
      '127.0.0.1',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `add-remote-server: cannot log in as ${target()} port ${sshd.port} with ${stranger.privateKeyPath} (above); put ${stranger.privateKeyPath}.pub in ~${sshd.user.name}/.ssh/authorized_keys there`,
    );
    expect(refused.stderr).toContain('Permission denied (publickey)');

    const closedPort = await freePort();
    const unreachable = await add([
      '--port',
      String(closedPort),
      '--key',
      stranger.privateKeyPath,
      target(),
      'kr8',
      '127.0.0.1',
    ]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      new RegExp(
        `^add-remote-server: cannot reach SSH on 127\\.0\\.0\\.1 port ${closedPort} \\(ssh-keyscan got no host key`,
      ),
    );

    expect(readFileSync(serversPath(), 'utf8')).toBe(servers);
    expect(existsSync(join(project.root, 'config/known_hosts'))).toBe(true);
    expect(readFileSync(knownHostsPath(), 'utf8')).not.toContain(`:${closedPort} `);
  });

  it('refuses to add a server while hub-api is down, since its test notification would be lost', async () => {
    await project.run('stop-all.sh');
    const result = await add([
      '--port',
      String(sshd.port),
      '--key',
      sshd.clientKey.privateKeyPath,
      target(),
      'kr8',
      '127.0.0.1',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `add-remote-server: hub-api does not answer on port ${port} (ECONNREFUSED): start it first (npm run start-all); the test notification goes to it\n`,
    );
  });
});
