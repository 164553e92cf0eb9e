import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHubApiConfig, loadHubBotConfig } from './app-config.util';
import { ConfigError } from './config.error';
import { NGROK_WARNING } from './shared-env.config';

const TOKEN = '123456789:AAE_valid-token_abcdefghijk';
const SECRET = '0123456789abcdef'.repeat(4);
const BOT = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_GROUP_ID: '-1001234567890' };

function errorOf(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadHubApiConfig and loadHubBotConfig', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-app-config-'));
    path = join(dir, 'servers.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const writeServers = (central: Record<string, unknown>, servers: unknown[] = []): void =>
    writeFileSync(path, JSON.stringify({ central, servers }));

  it("take the ports and the secret of servers.json's central block when the environment has none (or empty)", () => {
    writeServers({ notificationPort: 4101, webhookPort: 4100, sharedSecret: SECRET }, [
      { id: 'local', alias: 'local', type: 'local', hostname: 'localhost' },
    ]);
    const api = loadHubApiConfig({ SERVERS_CONFIG: path, NOTIFY_PORT: '' });
    expect(api.config).toMatchObject({ port: 4101, sharedSecret: SECRET });
    expect(api.servers.servers).toEqual([{ id: 'local', type: 'local', name: 'local' }]);
    expect(api.warnings).toEqual([]);
    const bot = loadHubBotConfig({ SERVERS_CONFIG: path, ...BOT });
    expect(bot.config.http.port).toBe(4100);
    expect(bot.servers).toEqual(api.servers);
  });

  it('let the environment win over the central block', () => {
    writeServers({
      notificationPort: 4101,
      webhookPort: 4100,
      sharedSecret: 'REPLACE_WITH_SECURE_SECRET',
      ngrokEnabled: true,
    });
    const env = {
      SERVERS_CONFIG: path,
      NOTIFY_PORT: '5001',
      WEBHOOK_PORT: '5000',
      SHARED_SECRET: SECRET,
      NGROK_ENABLED: 'false',
    };
    const api = loadHubApiConfig(env);
    expect(api.config).toMatchObject({ port: 5001, sharedSecret: SECRET });
    expect(api.warnings).toEqual([]);
    expect(loadHubBotConfig({ ...env, ...BOT }).config.http.port).toBe(5000);
  });

  it.each([
    ['REPLACE_WITH_SECURE_SECRET', 'is a placeholder: put a secret of your own here'],
    ['too-short', 'must be at least 16 characters'],
  ])('stop hub-api on the central secret %s, naming the field', (secret, problem) => {
    writeServers({ sharedSecret: secret });
    const error = errorOf(() => loadHubApiConfig({ SERVERS_CONFIG: path }));
    expect(error.setting).toBe(`${path}: central.sharedSecret`);
    expect(error.message).toMatch(new RegExp(`^${path}: central\\.sharedSecret: ${problem}`));
    expect(error.message).not.toContain(secret);
    // hub-bot signs nothing: the secret is not its business.
    expect(() => loadHubBotConfig({ SERVERS_CONFIG: path, ...BOT })).not.toThrow();
  });

  it('warn once about ngrok, naming where it was asked for, and list unknown fields', () => {
    writeServers({ ngrokEnabled: true, publicUrl: 'https://x' });
    const fromFile = loadHubApiConfig({ SERVERS_CONFIG: path });
    expect(fromFile.warnings).toEqual([
      `${path}: fields that mean nothing here, ignored: central.publicUrl`,
      `${path}: central.ngrokEnabled is true: ${NGROK_WARNING}`,
    ]);
    const both = loadHubBotConfig({ SERVERS_CONFIG: path, ...BOT, NGROK_ENABLED: 'true' });
    expect(both.warnings).toEqual([
      `${path}: fields that mean nothing here, ignored: central.publicUrl`,
      `NGROK_ENABLED is true: ${NGROK_WARNING}`,
    ]);
  });

  it('read the servers where SERVERS_CONFIG says, and need the file only when it was named', () => {
    const missing = join(dir, 'missing.json');
    expect(errorOf(() => loadHubApiConfig({ SERVERS_CONFIG: missing })).message).toBe(
      `SERVERS_CONFIG: ${missing} does not exist`,
    );
    const defaults = loadHubApiConfig({ DATA_DIR: dir });
    expect(defaults.servers).toEqual({
      servers: [{ id: 'local', type: 'local' }],
      source: undefined,
      central: {},
      warnings: [],
    });
    expect(defaults.config.port).toBe(3001);
  });

  it('name the file and the field for a bad entry before any variable', () => {
    writeServers({}, [{ id: 'kr4', type: 'remote', hostname: 'h', ssh: { user: 'u' } }]);
    expect(
      errorOf(() => loadHubApiConfig({ SERVERS_CONFIG: path, NOTIFY_PORT: 'x' })).message,
    ).toBe(`${path}: servers[0] (kr4).ssh.keyPath: is required for a remote server`);
  });
});
