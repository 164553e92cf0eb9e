import { runNode, startBuiltApp, waitFor } from '@ccr/testing';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HUB_MAIN,
  SECRET,
  cleanEnv,
  makeHubData,
  removeHubData,
  startHub,
  type HubData,
} from './support/hub-harness';

describe('hub-api start-up', () => {
  let data: HubData;
  let dataDir: string;

  beforeEach(async () => {
    data = await makeHubData('ccr-hub-start-');
    dataDir = data.dir;
  });
  afterEach(() => removeHubData(data));

  it.each([
    [{ NOTIFY_PORT: 'eighty' }, 'NOTIFY_PORT'],
    [{ TELEGRAM_BOT_TOKEN: '123456789:TEST-token_for_the_fake_api' }, 'TELEGRAM_CHAT_ID'],
    [{ SESSION_TTL_HOURS: '-1' }, 'SESSION_TTL_HOURS'],
    [{ SERVERS_CONFIG: '/nonexistent/servers.json' }, 'SERVERS_CONFIG'],
  ])('a bad setting stops it with a message naming it: %j', async (env, name) => {
    const run = await runNode(HUB_MAIN, [], {
      env: cleanEnv({ DATA_DIR: dataDir, SHARED_SECRET: SECRET, ...env }),
      cwd: dataDir,
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^hub-api: configuration error: ${name}: \\S`));
  });

  it('a bad servers.json stops it, naming the file and the field', async () => {
    const path = join(dataDir, 'servers.json');
    writeFileSync(
      path,
      JSON.stringify({ servers: [{ id: 'kr4', type: 'remote', host: 'h', user: 'u' }] }),
    );
    const run = await runNode(HUB_MAIN, [], {
      env: cleanEnv({ DATA_DIR: dataDir, SHARED_SECRET: SECRET, SERVERS_CONFIG: path }),
      cwd: dataDir,
      timeoutMs: 20_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${path}: servers[0] (kr4).keyPath: is required for a remote server`,
    );
  });

  it.each([
    [
      { sharedSecret: 'REPLACE_WITH_SECURE_SECRET' },
      [{ id: 'local', type: 'local' }],
      'central.sharedSecret: is a placeholder: put a secret of your own here (openssl rand -hex 32 makes one)',
    ],
    [
      {},
      [{ id: 'kr4', type: 'remote', host: 'a', hostname: 'b', ssh: { user: 'u', keyPath: 'k' } }],
      'servers[0] (kr4): host "a" and hostname "b" differ: keep one of them',
    ],
  ])(
    "a servers.json of the original scripts' shape that cannot work stops it: %j",
    async (central, servers, problem) => {
      const path = join(dataDir, 'servers.json');
      writeFileSync(path, JSON.stringify({ central, servers }));
      const run = await runNode(HUB_MAIN, [], {
        env: cleanEnv({ DATA_DIR: dataDir, SERVERS_CONFIG: path }),
        cwd: dataDir,
        timeoutMs: 20_000,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`hub-api: configuration error: ${path}: ${problem}\n`);
    },
  );

  it('with no SHARED_SECRET it generates one, readable by its owner only, says where, and keeps it', async () => {
    const env = { SHARED_SECRET: '' };
    let hub = await startHub({ data, env });
    const path = join(dataDir, 'shared-secret');
    const secret = readFileSync(path, 'utf8').trim();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // The log reaches this process through a pipe, a moment after the hub answered HTTP.
    const output = await waitFor(
      () => (hub.process.output().includes(path) ? hub.process.output() : undefined),
      {
        timeoutMs: 10_000,
        what: 'the log line saying where the secret is',
      },
    );
    expect(output).not.toContain(secret);
    const listed = await fetch(`${hub.url}/sessions`, { headers: { 'x-shared-secret': secret } });
    expect(listed.status).toBe(200);
    await hub.process.stop();

    hub = await startHub({ data, env, port: hub.port });
    expect(readFileSync(path, 'utf8').trim()).toBe(secret);
    expect(
      (await fetch(`${hub.url}/sessions`, { headers: { 'x-shared-secret': secret } })).status,
    ).toBe(200);
    await hub.process.stop();
  });

  it('without DATABASE_PATH or DATABASE_URL creates the SQLite file in WAL mode under DATA_DIR', async () => {
    const hub = await startBuiltApp(HUB_MAIN, {
      env: cleanEnv({ NOTIFY_HOST: '127.0.0.1', DATA_DIR: dataDir, SHARED_SECRET: SECRET }),
      portVariable: 'NOTIFY_PORT',
      cwd: dataDir,
    });
    await hub.process.stop();
    expect(statSync(join(dataDir, 'sessions.db')).size).toBeGreaterThan(0);
    // Byte 18 of an SQLite header is 2 when the file is in WAL mode.
    expect(readFileSync(join(dataDir, 'sessions.db'))[18]).toBe(2);
  });
});
