import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import {
  DEFAULT_INBOX,
  DEFAULT_SERVERS,
  loadServersConfig,
  parseServersConfig,
} from './servers.config';

function problem(document: unknown): string {
  try {
    parseServersConfig(document);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseServersConfig', () => {
  it('accepts local and remote servers and fills defaults', () => {
    const config = parseServersConfig({
      servers: [
        { id: 'local', type: 'local' },
        { id: 'kr4', type: 'remote', host: '10.0.0.4', user: 'dev', keyPath: '~/.ssh/id_ed25519' },
      ],
    });
    expect(config.servers).toEqual([
      { id: 'local', type: 'local' },
      {
        id: 'kr4',
        type: 'remote',
        host: '10.0.0.4',
        port: 22,
        user: 'dev',
        keyPath: '~/.ssh/id_ed25519',
        strictHostKeyChecking: true,
      },
    ]);
  });

  it('keeps the tmux socket and program a server names', () => {
    const config = parseServersConfig({
      servers: [
        { id: 'local', type: 'local', tmuxSocket: { name: 'claude' }, tmuxPath: '/opt/bin/tmux' },
        {
          id: 'kr4',
          type: 'remote',
          host: 'h',
          user: 'u',
          keyPath: 'k',
          tmuxSocket: { path: '/tmp/tmux-1000/work' },
        },
      ],
    });
    expect(config.servers[0]).toEqual({
      id: 'local',
      type: 'local',
      tmuxSocket: { name: 'claude' },
      tmuxPath: '/opt/bin/tmux',
    });
    expect(config.servers[1]).toMatchObject({ tmuxSocket: { path: '/tmp/tmux-1000/work' } });
    expect(config.servers[1]).not.toHaveProperty('tmuxPath');
  });

  it('keeps the inbox a server names, in either shape, without a trailing slash', () => {
    const config = parseServersConfig({
      servers: [
        { id: 'local', type: 'local', inbox: '/srv/ccr-inbox/' },
        { ...ORIGINAL.servers[1], inbox: '~/inbox' },
        { id: 'plain', type: 'local' },
      ],
    });
    expect(config.servers.map((server) => server.inbox)).toEqual([
      '/srv/ccr-inbox',
      '~/inbox',
      undefined,
    ]);
    expect(config.warnings).toEqual([]);
    expect(DEFAULT_INBOX).toBe('~/.cache/ccr/inbox');
  });

  it.each([
    [{ servers: [{ id: 'a', type: 'local', inbox: '' }] }, /^servers\[0\] \(a\)\.inbox: /],
    [
      { servers: [{ id: 'a', type: 'local', inbox: 'inbox' }] },
      /^servers\[0\] \(a\)\.inbox: must be an absolute path or start with ~\//,
    ],
    [
      { servers: [{ id: 'a', type: 'local', inbox: '~/../../etc' }] },
      /^servers\[0\] \(a\)\.inbox: must not hold "\." or "\.\." segments/,
    ],
    [
      { servers: [{ id: 'a', type: 'local', inbox: '/tmp/in\nbox' }] },
      /^servers\[0\] \(a\)\.inbox: must not hold control characters/,
    ],
    [
      { servers: [{ id: 'a', type: 'local', inbox: '~/' }] },
      /^servers\[0\] \(a\)\.inbox: must be a folder of its own/,
    ],
    [{ servers: [{ id: 'a', type: 'local', inbox: 7 }] }, /^servers\[0\] \(a\)\.inbox: /],
    [{}, /^servers: must be a list/],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: 'claude' }] },
      /^servers\[0\] \(a\)\.tmuxSocket: must be \{ "name": "…" \} \(tmux -L\) or \{ "path": "…" \}/,
    ],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: { name: 'a', path: '/b' } }] },
      /^servers\[0\] \(a\)\.tmuxSocket: /,
    ],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: { name: '../x' } }] },
      /^servers\[0\] \(a\)\.tmuxSocket\.name: /,
    ],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: { path: '' } }] },
      /^servers\[0\] \(a\)\.tmuxSocket\.path: /,
    ],
    [{ servers: [{ id: 'a', type: 'local', tmuxPath: '' }] }, /^servers\[0\] \(a\)\.tmuxPath: /],
    [
      { servers: [{ id: 'a', type: 'local', tmuxPath: 'tm\nux' }] },
      /^servers\[0\] \(a\)\.tmuxPath: /,
    ],
    [{ servers: [{ id: 'bad id', type: 'local' }] }, /^servers\[0\]\.id: /],
    [
      { servers: [{ id: 'a', type: 'cloud' }] },
      /^servers\[0\] \(a\)\.type: must be "local" or "remote"/,
    ],
    [
      { servers: [{ id: 'a', type: 'remote', user: 'u', keyPath: 'k' }] },
      /^servers\[0\] \(a\)\.host: is required/,
    ],
    [
      { servers: [{ id: 'a', type: 'remote', host: 'h', user: 'u', keyPath: 'k', port: 0 }] },
      /^servers\[0\] \(a\)\.port: /,
    ],
    [
      { servers: [{ id: 'a', type: 'local', secret: 'short' }] },
      /^servers\[0\] \(a\)\.secret: must be at least 16/,
    ],
    [
      { servers: [{ id: 'a', type: 'local', secret: 'REPLACE_WITH_SECURE_SECRET' }] },
      /^servers\[0\] \(a\)\.secret: is a placeholder/,
    ],
    [{ servers: ['kr4'] }, /^servers\[0\]: must be an object$/],
    [
      {
        servers: [
          { id: 'a', type: 'local' },
          { id: 'a', type: 'local' },
        ],
      },
      /^servers\[1\] \(a\)\.id: "a" is listed twice \(servers\[0\] too\)$/,
    ],
  ])('names the bad field: %j', (document, expected) => {
    expect(problem(document)).toMatch(expected);
  });
});

/** The original multi-server scripts' servers.example.json, as their users have it. */
const ORIGINAL = {
  central: {
    webhookPort: 3000,
    notificationPort: 3001,
    ngrokEnabled: true,
    sharedSecret: 'REPLACE_WITH_SECURE_SECRET',
  },
  servers: [
    { id: 'local', alias: 'local', type: 'local', hostname: 'localhost' },
    {
      id: 'kr4',
      alias: 'kr4',
      type: 'remote',
      hostname: 'builder-kr-4.example.com',
      ssh: { user: 'jay.lee', port: 22, keyPath: '~/.ssh/id_ed25519' },
    },
  ],
};

/** An original-shape remote entry with some fields replaced or added. */
function originalRemote(fields: Record<string, unknown>): unknown {
  return { servers: [{ ...ORIGINAL.servers[1], ...fields }] };
}

describe("parseServersConfig on the original scripts' shape", () => {
  it('reads it as the flat shape it means, with central as its own part and no warning', () => {
    const config = parseServersConfig(ORIGINAL);
    expect(config.servers).toEqual([
      { id: 'local', type: 'local', name: 'local' },
      {
        id: 'kr4',
        type: 'remote',
        name: 'kr4',
        host: 'builder-kr-4.example.com',
        port: 22,
        user: 'jay.lee',
        keyPath: '~/.ssh/id_ed25519',
        strictHostKeyChecking: true,
      },
    ]);
    expect(config.central).toEqual({
      webhookPort: 3000,
      notificationPort: 3001,
      ngrokEnabled: true,
      sharedSecret: 'REPLACE_WITH_SECURE_SECRET',
    });
    expect(config.warnings).toEqual([]);
  });

  it('gives the same servers as the same file written flat', () => {
    const flat = parseServersConfig({
      servers: [
        { id: 'local', type: 'local', name: 'local' },
        {
          id: 'kr4',
          type: 'remote',
          name: 'kr4',
          host: 'builder-kr-4.example.com',
          port: 22,
          user: 'jay.lee',
          keyPath: '~/.ssh/id_ed25519',
        },
      ],
    });
    expect(parseServersConfig(ORIGINAL).servers).toEqual(flat.servers);
    expect(flat.central).toEqual({});
  });

  it('takes ssh.knownHostsPath, and our own fields beside the original ones', () => {
    const config = parseServersConfig(
      originalRemote({
        ssh: { user: 'u', keyPath: 'k', knownHostsPath: '/srv/known_hosts' },
        tmuxSocket: { name: 'claude' },
        strictHostKeyChecking: false,
      }),
    );
    expect(config.servers[0]).toEqual({
      id: 'kr4',
      type: 'remote',
      name: 'kr4',
      host: 'builder-kr-4.example.com',
      port: 22,
      user: 'u',
      keyPath: 'k',
      knownHostsPath: '/srv/known_hosts',
      strictHostKeyChecking: false,
      tmuxSocket: { name: 'claude' },
    });
  });

  it('accepts a field written in both shapes when both say the same', () => {
    const config = parseServersConfig(
      originalRemote({ host: 'builder-kr-4.example.com', user: 'jay.lee', name: 'kr4' }),
    );
    expect(config.servers[0]).toMatchObject({ host: 'builder-kr-4.example.com', user: 'jay.lee' });
  });

  it('ignores any hostname on a local server', () => {
    const config = parseServersConfig({
      servers: [{ id: 'hub', type: 'local', hostname: 'my-laptop.local' }],
    });
    expect(config.servers).toEqual([{ id: 'hub', type: 'local' }]);
    expect(config.warnings).toEqual([]);
  });

  it('names every field that means nothing here in one warning', () => {
    const config = parseServersConfig({
      version: 2,
      central: { ...ORIGINAL.central, publicUrl: 'https://x.ngrok.io' },
      servers: [
        { id: 'local', type: 'local', description: 'this one' },
        { ...ORIGINAL.servers[1], ssh: { ...ORIGINAL.servers[1].ssh, password: 'p' } },
        { id: 'odd', type: 'local', 'two words': true },
      ],
    });
    expect(config.warnings).toEqual([
      'fields that mean nothing here, ignored: version, central.publicUrl, ' +
        'servers[0] (local).description, servers[1] (kr4).ssh.password, servers[2] (odd)."two words"',
    ]);
  });

  it.each([
    [
      'host and hostname that differ',
      originalRemote({ host: '10.0.0.4' }),
      'servers[0] (kr4): host "10.0.0.4" and hostname "builder-kr-4.example.com" differ: keep one of them',
    ],
    [
      'user and ssh.user that differ',
      originalRemote({ user: 'dev' }),
      'servers[0] (kr4): user "dev" and ssh.user "jay.lee" differ: keep one of them',
    ],
    [
      'port and ssh.port that differ',
      originalRemote({ port: 2222 }),
      'servers[0] (kr4): port 2222 and ssh.port 22 differ: keep one of them',
    ],
    [
      'name and alias that differ',
      originalRemote({ name: 'Build box' }),
      'servers[0] (kr4): name "Build box" and alias "kr4" differ: keep one of them',
    ],
    [
      'an ssh that is not an object',
      originalRemote({ ssh: 'jay.lee@builder' }),
      'servers[0] (kr4).ssh: must be an object: { "user": …, "port": …, "keyPath": … }',
    ],
    [
      'no hostname',
      originalRemote({ hostname: undefined }),
      'servers[0] (kr4).hostname: is required for a remote server',
    ],
    [
      'no ssh.user',
      originalRemote({ ssh: { keyPath: 'k' } }),
      'servers[0] (kr4).ssh.user: is required for a remote server',
    ],
    [
      'no ssh.keyPath',
      originalRemote({ ssh: { user: 'u' } }),
      'servers[0] (kr4).ssh.keyPath: is required for a remote server',
    ],
    [
      'an ssh.port out of range',
      originalRemote({ ssh: { user: 'u', keyPath: 'k', port: 70000 } }),
      'servers[0] (kr4).ssh.port: must be a whole number from 1 to 65535',
    ],
    [
      'an ssh.port written as text',
      originalRemote({ ssh: { user: 'u', keyPath: 'k', port: '22' } }),
      'servers[0] (kr4).ssh.port: must be a whole number from 1 to 65535',
    ],
    [
      'an empty hostname',
      originalRemote({ hostname: ' ' }),
      'servers[0] (kr4).hostname: must be a non-empty string',
    ],
    [
      'an empty alias',
      originalRemote({ alias: '' }),
      'servers[0] (kr4).alias: must be a non-empty string',
    ],
    [
      'an empty ssh.knownHostsPath',
      originalRemote({ ssh: { user: 'u', keyPath: 'k', knownHostsPath: '' } }),
      'servers[0] (kr4).ssh.knownHostsPath: must be a non-empty string',
    ],
    [
      'a central that is not an object',
      { central: 3001, servers: [] },
      'central: must be an object: { "notificationPort": 3001, … }',
    ],
    [
      'a port written as text',
      { central: { notificationPort: '3001' }, servers: [] },
      'central.notificationPort: must be a whole number from 1 to 65535',
    ],
    [
      'a port out of range',
      { central: { webhookPort: 0 }, servers: [] },
      'central.webhookPort: must be a whole number from 1 to 65535',
    ],
    [
      'an empty secret',
      { central: { sharedSecret: '' }, servers: [] },
      'central.sharedSecret: must be a non-empty string',
    ],
    [
      'ngrokEnabled as text',
      { central: { ngrokEnabled: 'yes' }, servers: [] },
      'central.ngrokEnabled: must be true or false',
    ],
  ])('stops on %s, naming the server (if any) and the fields', (_case, document, message) => {
    expect(problem(document)).toBe(message);
  });
});

describe('loadServersConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-servers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to the local server when the default file is absent', () => {
    expect(loadServersConfig(join(dir, 'servers.json'), false)).toEqual({
      servers: DEFAULT_SERVERS,
      source: undefined,
      central: {},
      warnings: [],
    });
  });

  it('refuses a missing file that was asked for', () => {
    expect(() => loadServersConfig(join(dir, 'servers.json'), true)).toThrow(
      /^SERVERS_CONFIG: .*servers\.json does not exist$/,
    );
  });

  it('names the file and the field', () => {
    const path = join(dir, 'servers.json');
    writeFileSync(path, JSON.stringify({ servers: [{ id: 'kr4', type: 'remote' }] }));
    expect(() => loadServersConfig(path, true)).toThrow(
      `${path}: servers[0] (kr4).host: is required for a remote server`,
    );
    writeFileSync(path, '{ "servers": [ ');
    expect(() => loadServersConfig(path, true)).toThrow(new RegExp(`^${path}: is not valid JSON`));
  });
});
