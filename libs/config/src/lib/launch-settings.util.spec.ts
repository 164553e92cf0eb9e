import { ConfigError } from './config.error';
import {
  DEFAULT_CLAUDE_COMMAND,
  DEFAULT_TMUX_SESSION,
  folderProblem,
  launchSettingsOf,
  withoutTrailingSlash,
} from './launch-settings.util';
import { parseServersConfig } from './servers.config';

function problem(entry: Record<string, unknown>): string {
  try {
    parseServersConfig({ servers: [{ id: 'kr4', type: 'local', ...entry }] });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe("a server's launch settings in servers.json", () => {
  it('keeps what an entry sets, folders without a trailing slash, a program as a list', () => {
    const [server] = parseServersConfig({
      servers: [
        {
          id: 'kr4',
          type: 'local',
          projects: ['~/webapp/', '/srv/api', '~', '/'],
          allowAnyFolder: true,
          claudeCommand: '/opt/claude/bin/claude',
          tmuxSession: 'claude-fleet',
        },
      ],
    }).servers;
    expect(server).toEqual({
      id: 'kr4',
      type: 'local',
      projects: ['~/webapp', '/srv/api', '~', '/'],
      allowAnyFolder: true,
      claudeCommand: ['/opt/claude/bin/claude'],
      tmuxSession: 'claude-fleet',
    });
  });

  it('takes a program with its arguments, each word as it is', () => {
    const [server] = parseServersConfig({
      servers: [{ id: 'a', type: 'local', claudeCommand: ['claude', '--model', 'a b; c'] }],
    }).servers;
    expect(server?.claudeCommand).toEqual(['claude', '--model', 'a b; c']);
  });

  it('fills in the defaults where an entry sets nothing', () => {
    const [server] = parseServersConfig({ servers: [{ id: 'a', type: 'local' }] }).servers;
    expect(server).toEqual({ id: 'a', type: 'local' });
    expect(launchSettingsOf(server!)).toEqual({
      projects: [],
      allowAnyFolder: false,
      claudeCommand: [...DEFAULT_CLAUDE_COMMAND],
      tmuxSession: DEFAULT_TMUX_SESSION,
    });
    expect(DEFAULT_CLAUDE_COMMAND).toEqual(['claude']);
    expect(DEFAULT_TMUX_SESSION).toBe('ccr');
  });

  it('reads them beside the original shape', () => {
    const [server] = parseServersConfig({
      servers: [
        {
          id: 'kr4',
          type: 'remote',
          hostname: 'h',
          ssh: { user: 'u', keyPath: 'k' },
          projects: ['~/webapp'],
        },
      ],
    }).servers;
    expect(server?.projects).toEqual(['~/webapp']);
  });

  it.each([
    [{ projects: '~/webapp' }, 'servers[0] (kr4).projects: must be a list of folders'],
    [{ projects: [3] }, 'servers[0] (kr4).projects[0]: must be a folder, as text'],
    [{ projects: ['webapp'] }, 'servers[0] (kr4).projects[0]: must start with / or ~/'],
    [{ projects: ['~user/x'] }, 'servers[0] (kr4).projects[0]: must start with / or ~/'],
    [{ projects: ['/a', ''] }, 'servers[0] (kr4).projects[1]: must not be empty'],
    [{ projects: ['/a\nb'] }, 'servers[0] (kr4).projects[0]: must not hold control characters'],
    [{ projects: [`/${'a'.repeat(1024)}`] }, 'servers[0] (kr4).projects[0]: must be at most 1024'],
    [
      { projects: ['~/a', '/b', '~/a/'] },
      'servers[0] (kr4).projects[2]: "~/a" is listed twice (servers[0] (kr4).projects[0] too)',
    ],
    [{ allowAnyFolder: 'yes' }, 'servers[0] (kr4).allowAnyFolder: must be true or false'],
    [{ claudeCommand: [] }, 'servers[0] (kr4).claudeCommand: must be a program'],
    [{ claudeCommand: 42 }, 'servers[0] (kr4).claudeCommand: must be a program'],
    [{ claudeCommand: '' }, 'servers[0] (kr4).claudeCommand: must be a non-empty string'],
    [{ claudeCommand: ['claude', 7] }, 'servers[0] (kr4).claudeCommand[1]: must be a non-empty'],
    [{ claudeCommand: ['claude', 'a\u0000'] }, 'servers[0] (kr4).claudeCommand[1]: must not hold'],
    [{ claudeCommand: '--help' }, 'servers[0] (kr4).claudeCommand: must be the program'],
    [{ claudeCommand: [' claude'] }, 'servers[0] (kr4).claudeCommand[0]: must be the program'],
    [{ tmuxSession: 'my fleet' }, 'servers[0] (kr4).tmuxSession: must be 1–256 letters'],
    [{ tmuxSession: '-ccr' }, 'servers[0] (kr4).tmuxSession: must be 1–256 letters'],
    [{ tmuxSession: 'a:1' }, 'servers[0] (kr4).tmuxSession: must be 1–256 letters'],
  ])('names the server and the field: %j', (entry, expected) => {
    expect(problem(entry)).toContain(expected);
  });
});

describe('folderProblem', () => {
  it('takes absolute folders and folders in the home folder', () => {
    for (const folder of ['/', '/srv/api', '~', '~/webapp', '~/a b/$(c)']) {
      expect(folderProblem(folder)).toBeUndefined();
    }
  });

  it('says what is wrong with anything else', () => {
    expect(folderProblem('webapp')).toMatch(/must start with/);
    expect(folderProblem(' ')).toBe('must not be empty');
    expect(folderProblem('/a\u0007')).toBe('must not hold control characters');
  });
});

describe('withoutTrailingSlash', () => {
  it.each([
    ['~/a/', '~/a'],
    ['/srv//', '/srv'],
    ['/', '/'],
    ['~', '~'],
    ['~/', '~'],
  ])('%s → %s', (folder, expected) => {
    expect(withoutTrailingSlash(folder)).toBe(expected);
  });
});
