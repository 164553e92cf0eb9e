import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { DEFAULT_SERVERS, loadServersConfig, parseServersConfig } from './servers.config';

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

  it.each([
    [{}, /^servers: must be a list/],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: 'claude' }] },
      /^servers\[0\]\.tmuxSocket: must be \{ "name": "…" \} \(tmux -L\) or \{ "path": "…" \}/,
    ],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: { name: 'a', path: '/b' } }] },
      /^servers\[0\]\.tmuxSocket: /,
    ],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: { name: '../x' } }] },
      /^servers\[0\]\.tmuxSocket\.name: /,
    ],
    [
      { servers: [{ id: 'a', type: 'local', tmuxSocket: { path: '' } }] },
      /^servers\[0\]\.tmuxSocket\.path: /,
    ],
    [{ servers: [{ id: 'a', type: 'local', tmuxPath: '' }] }, /^servers\[0\]\.tmuxPath: /],
    [{ servers: [{ id: 'a', type: 'local', tmuxPath: 'tm\nux' }] }, /^servers\[0\]\.tmuxPath: /],
    [{ servers: [{ id: 'bad id', type: 'local' }] }, /^servers\[0\]\.id: /],
    [{ servers: [{ id: 'a', type: 'cloud' }] }, /^servers\[0\]\.type: must be "local" or "remote"/],
    [
      { servers: [{ id: 'a', type: 'remote', user: 'u', keyPath: 'k' }] },
      /^servers\[0\]\.host: is required/,
    ],
    [
      { servers: [{ id: 'a', type: 'remote', host: 'h', user: 'u', keyPath: 'k', port: 0 }] },
      /^servers\[0\]\.port: /,
    ],
    [{ servers: [{ id: 'a', type: 'local', secret: 'short' }] }, /^servers\[0\]\.secret: /],
    [
      {
        servers: [
          { id: 'a', type: 'local' },
          { id: 'a', type: 'local' },
        ],
      },
      /^servers\[1\]\.id: "a" is listed twice/,
    ],
  ])('names the bad field: %j', (document, expected) => {
    expect(problem(document)).toMatch(expected);
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
      `${path}: servers[0].host: is required for a remote server`,
    );
    writeFileSync(path, '{ "servers": [ ');
    expect(() => loadServersConfig(path, true)).toThrow(new RegExp(`^${path}: is not valid JSON`));
  });
});
