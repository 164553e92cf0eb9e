import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { BOT_ENV_VARIABLES, loadBotConfig } from './bot-env.config';
import { HUB_ENV_VARIABLES, loadHubConfig } from './hub-env.config';
import { loadServersConfig, parseServersConfig } from './servers.config';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('the example files shipped at the workspace root', () => {
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');

  it('.env.example documents every variable either app reads', () => {
    const documented = new Set(
      [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]),
    );
    const missing = [...new Set([...HUB_ENV_VARIABLES, ...BOT_ENV_VARIABLES])].filter(
      (variable) => !documented.has(variable),
    );
    expect(missing).toEqual([]);
  });

  it('.env.example as it is starts hub-api, and hub-bot once the token and chat are filled in', () => {
    const env = parseEnv(example);
    expect(() => loadHubConfig(env)).not.toThrow();
    const bot = loadBotConfig({
      ...env,
      TELEGRAM_BOT_TOKEN: '123456789:AAE_valid-token_abcdefghijk',
      TELEGRAM_CHAT_ID: '42',
    });
    expect(bot.telegram.webhook).toBeUndefined();
    expect(bot.http.port).toBe(3000);
  });

  it("the README's servers.json of the original scripts' shape is read as it says", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Coming from the original scripts'));
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    const config = parseServersConfig(JSON.parse(block ?? 'null'));
    expect(config.central).toMatchObject({ notificationPort: 3001, webhookPort: 3000 });
    expect(config.servers[1]).toMatchObject({
      id: 'kr4',
      host: 'builder-kr-4.example.com',
      user: 'jay.lee',
      keyPath: '~/.ssh/id_ed25519',
    });
    expect(config.warnings).toEqual([]);
  });

  it('config/servers.example.json is valid, tmux, inbox and /new fields included', () => {
    const config = loadServersConfig(join(ROOT, 'config', 'servers.example.json'), true);
    expect(config.servers.map((server) => server.id)).toEqual(['local', 'kr4', 'gpu1']);
    // The documented shape stays the flat one, with nothing the hub would warn about.
    expect(config.central).toEqual({});
    expect(config.warnings).toEqual([]);
    expect(config.servers[2]).toMatchObject({
      tmuxSocket: { name: 'claude' },
      tmuxPath: '/usr/local/bin/tmux',
      inbox: '/srv/ccr/inbox',
      allowAnyFolder: true,
      claudeCommand: ['/home/ubuntu/.local/bin/claude', '--model', 'opus'],
      tmuxSession: 'fleet',
    });
    expect(config.servers[1]?.projects).toEqual(['~/webapp', '~/api', '/srv/shared/infra']);
  });
});
