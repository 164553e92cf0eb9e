import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { isolatedEnv } from '../../test/support/test-context';
import { resolveConfig } from './load-config.util';
import { writeConfigFile } from './write-config.util';

describe('resolveConfig', () => {
  let root: string;
  let env: Record<string, string>;
  let configPath: string;

  beforeEach(async () => {
    root = await makeTempDir('config');
    env = isolatedEnv(root);
    configPath = join(root, 'config', 'ccr', 'remote-hook.json');
  });
  afterEach(() => removeTempDir(root));

  const writeRaw = async (text: string): Promise<void> => {
    await mkdir(dirname(configPath), { recursive: true });
    await writeFile(configPath, text);
  };

  it('reads the file written by writeConfigFile, private to its owner', async () => {
    await writeConfigFile(configPath, {
      serverId: 'kr4',
      endpoint: 'http://127.0.0.1:3001/notify',
      secret: 's3cret',
      extraEvents: ['SubagentStop'],
      permissionTimeoutSeconds: 120,
    });
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(configPath))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({
      serverId: 'kr4',
      endpoint: 'http://127.0.0.1:3001/notify',
      secret: 's3cret',
      extraEvents: ['SubagentStop'],
      permissionTimeoutSeconds: 120,
    });

    const resolution = await resolveConfig(env, root);
    expect(resolution.fileFound).toBe(true);
    expect(resolution.filePath).toBe(configPath);
    expect(resolution.config).toEqual({
      serverId: 'kr4',
      endpoint: 'http://127.0.0.1:3001/notify',
      secret: 's3cret',
      extraEvents: ['SubagentStop'],
      permissionTimeoutSeconds: 120,
    });
  });

  it('lets environment values override the file', async () => {
    await writeRaw(
      JSON.stringify({ serverId: 'kr4', endpoint: 'http://a:3001/notify', secret: 'file' }),
    );
    const resolution = await resolveConfig(
      { ...env, SERVER_ID: 'kr9', SHARED_SECRET: 'env', CCR_EXTRA_EVENTS: 'SubagentStop' },
      root,
    );
    expect(resolution.config).toEqual({
      serverId: 'kr9',
      endpoint: 'http://a:3001/notify',
      secret: 'env',
      extraEvents: ['SubagentStop'],
      permissionTimeoutSeconds: 300,
    });
  });

  it('takes the permission timeout from PERMISSION_TIMEOUT, else the file, else 300 s', async () => {
    const values = { serverId: 'kr4', endpoint: 'http://a:3001/notify', secret: 's' };
    await writeRaw(JSON.stringify(values));
    expect((await resolveConfig(env, root)).config?.permissionTimeoutSeconds).toBe(300);

    await writeRaw(JSON.stringify({ ...values, permissionTimeoutSeconds: 90 }));
    expect((await resolveConfig(env, root)).config?.permissionTimeoutSeconds).toBe(90);
    const fromEnv = await resolveConfig({ ...env, PERMISSION_TIMEOUT: ' 45 ' }, root);
    expect(fromEnv.config?.permissionTimeoutSeconds).toBe(45);
  });

  it('refuses a permission timeout that is not whole seconds within bounds, naming where', async () => {
    const values = { serverId: 'kr4', endpoint: 'http://a:3001/notify', secret: 's' };
    await writeRaw(JSON.stringify({ ...values, permissionTimeoutSeconds: '90' }));
    const text = await resolveConfig(env, root);
    expect(text.config).toBeNull();
    expect(text.problems).toEqual([
      `"permissionTimeoutSeconds" in ${configPath} must be a number of seconds such as 300`,
    ]);

    await writeRaw(JSON.stringify({ ...values, permissionTimeoutSeconds: 1.5 }));
    expect((await resolveConfig(env, root)).problems).toEqual([
      `"permissionTimeoutSeconds" in ${configPath} "1.5" is not a whole number of seconds from 1 to 3600`,
    ]);

    await writeRaw(JSON.stringify(values));
    for (const raw of ['0', '3601', 'five', '-5']) {
      const resolution = await resolveConfig({ ...env, PERMISSION_TIMEOUT: raw }, root);
      expect(resolution.config).toBeNull();
      expect(resolution.permissionTimeoutSeconds).toBe(300);
      expect(resolution.problems).toEqual([
        `PERMISSION_TIMEOUT "${raw}" is not a whole number of seconds from 1 to 3600`,
      ]);
    }
  });

  it('works from the environment alone', async () => {
    const resolution = await resolveConfig(
      {
        ...env,
        SERVER_ID: 'kr4',
        CENTRAL_HUB_ENDPOINT: 'http://172.24.12.11:3001/notify',
        SHARED_SECRET: 's',
      },
      root,
    );
    expect(resolution.fileFound).toBe(false);
    expect(resolution.config?.serverId).toBe('kr4');
  });

  it('follows CCR_CONFIG', async () => {
    const other = join(root, 'elsewhere.json');
    await writeFile(
      other,
      JSON.stringify({ serverId: 'x1', endpoint: 'http://h/notify', secret: 's' }),
    );
    const resolution = await resolveConfig({ ...env, CCR_CONFIG: other }, root);
    expect(resolution.filePath).toBe(other);
    expect(resolution.config?.serverId).toBe('x1');
  });

  it('says which file is broken and how', async () => {
    await writeRaw('{"serverId": "kr4",');
    const broken = await resolveConfig(env, root);
    expect(broken.config).toBeNull();
    expect(broken.problems[0]).toMatch(
      new RegExp(
        `^${configPath} is not valid JSON \\(.+\\): fix it or run "remote-hook install" again$`,
      ),
    );

    await writeRaw(JSON.stringify({ serverId: 4, extraEvents: 'SubagentStop' }));
    const mistyped = await resolveConfig(env, root);
    expect(mistyped.problems).toEqual(
      expect.arrayContaining([
        `"serverId" in ${configPath} must be a string`,
        `"extraEvents" in ${configPath} must be a list of event names such as ["SubagentStop"]`,
      ]),
    );
  });

  it('keeps the extra events known when the rest is incomplete', async () => {
    const resolution = await resolveConfig({ ...env, CCR_EXTRA_EVENTS: 'SubagentStop' }, root);
    expect(resolution.config).toBeNull();
    expect(resolution.extraEvents).toEqual(['SubagentStop']);
  });
});
