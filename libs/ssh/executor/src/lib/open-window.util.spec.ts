import { ExecutorErrorCode } from './executor.error';
import {
  assertOpenWindowRequest,
  checkArgv,
  checkedWindow,
  hasSessionArgs,
  killWindowArgs,
  newSessionArgs,
  newWindowArgs,
  parseNewWindow,
  windowArgv,
  type OpenWindowRequest,
} from './open-window.util';
import type { ServerConfig } from './server-config.types';

const KR4: ServerConfig = {
  id: 'kr4',
  type: 'remote',
  host: '10.0.0.4',
  user: 'dev',
  keyPath: 'k',
};
const LOCAL: ServerConfig = { id: 'local', type: 'local' };
const REQUEST: OpenWindowRequest = { session: 'ccr', folder: '~/webapp', command: ['claude'] };

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string };
  }
  throw new Error('expected an error');
}

describe('the arguments of a new window', () => {
  it('passes folder and program to fixed scripts as positional parameters', () => {
    const argv = checkArgv('~/a b; $(x)', 'claude');
    expect(argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(argv.slice(3)).toEqual(['ccr-open-window', '~/a b; $(x)', 'claude']);
    expect(argv[2]).not.toContain('$(x)');
    expect(windowArgv('/srv/a b', '/usr/bin/claude', ['--model', 'x; y'])).toEqual([
      'sh',
      '-c',
      'cd -- "$1" || exit; shift; exec "$@"',
      'ccr-open-window',
      '/srv/a b',
      '/usr/bin/claude',
      '--model',
      'x; y',
    ]);
  });

  it('names the session exactly and opens windows detached', () => {
    expect(hasSessionArgs('ccr')).toEqual(['has-session', '-t', '=ccr']);
    expect(newSessionArgs('ccr', ['sh', '-c', 's'])).toEqual([
      'new-session',
      '-d',
      '-s',
      'ccr',
      '-P',
      '-F',
      '#{session_name} #{window_index} #{pane_id}',
      '--',
      'sh',
      '-c',
      's',
    ]);
    expect(newWindowArgs('ccr', ['sh', '-c', 's']).slice(0, 4)).toEqual([
      'new-window',
      '-d',
      '-t',
      '=ccr:',
    ]);
    expect(killWindowArgs('%12')).toEqual(['kill-window', '-t', '%12']);
  });

  it('reads where tmux opened the window', () => {
    expect(parseNewWindow('ccr 3 %12\n', 'kr4')).toEqual({
      session: 'ccr',
      window: '3',
      pane: '%12',
    });
    expect(failure(() => parseNewWindow('', 'kr4'))).toMatchObject({
      code: ExecutorErrorCode.TmuxFailed,
    });
  });
});

describe('assertOpenWindowRequest', () => {
  it('takes a plain session, a folder and a program', () => {
    expect(() => assertOpenWindowRequest(REQUEST, 'kr4')).not.toThrow();
  });

  it.each([
    [{ ...REQUEST, session: 'my fleet' }, ExecutorErrorCode.InvalidTarget],
    [{ ...REQUEST, session: 'ccr:1' }, ExecutorErrorCode.InvalidTarget],
    [{ ...REQUEST, folder: '' }, ExecutorErrorCode.InvalidArgument],
    [{ ...REQUEST, folder: '/a\rb' }, ExecutorErrorCode.InvalidArgument],
    [{ ...REQUEST, folder: `/${'a'.repeat(1024)}` }, ExecutorErrorCode.InvalidArgument],
    [{ ...REQUEST, command: [] }, ExecutorErrorCode.InvalidArgument],
    [{ ...REQUEST, command: ['claude', ''] }, ExecutorErrorCode.InvalidArgument],
    [{ ...REQUEST, command: ['cla\u001bude'] }, ExecutorErrorCode.InvalidArgument],
  ])('refuses %j', (request, code) => {
    expect(failure(() => assertOpenWindowRequest(request, 'kr4')).code).toBe(code);
  });
});

describe('checkedWindow', () => {
  const result = (code: number, stdout: string, stderr = '') => ({ code, stdout, stderr });

  it('gives the folder and program the server found', () => {
    expect(checkedWindow(result(0, '/home/dev/webapp\n/usr/bin/claude\n'), KR4, REQUEST)).toEqual({
      folder: '/home/dev/webapp',
      program: '/usr/bin/claude',
    });
  });

  it.each([
    [3, 'There is no folder ~/webapp (/home/dev/webapp) on server "kr4" (as dev@10.0.0.4).'],
    [4, '~/webapp (/home/dev/webapp) on server "kr4" (as dev@10.0.0.4) is not a folder.'],
    [
      5,
      'The folder ~/webapp (/home/dev/webapp) on server "kr4" (as dev@10.0.0.4) cannot be entered (permissions).',
    ],
  ])('names the folder for exit %i', (code, message) => {
    expect(failure(() => checkedWindow(result(code, '/home/dev/webapp\n'), KR4, REQUEST))).toEqual(
      expect.objectContaining({ code: ExecutorErrorCode.FolderMissing, message }),
    );
  });

  it('names the program, the command tried and the PATH', () => {
    const error = failure(() =>
      checkedWindow(result(6, '/home/dev/webapp\n/usr/bin:/bin\n'), LOCAL, REQUEST),
    );
    expect(error).toMatchObject({
      code: ExecutorErrorCode.CommandNotFound,
      message:
        '"claude" was not found on server "local" (as the hub itself): "command -v claude" found ' +
        'no program on PATH=/usr/bin:/bin (looked in /home/dev/webapp).',
    });
  });

  it('quotes what the shell said for anything else', () => {
    expect(
      failure(() => checkedWindow(result(2, '', 'sh: 1: HOME: parameter not set'), KR4, REQUEST)),
    ).toMatchObject({
      code: ExecutorErrorCode.TmuxFailed,
      message: expect.stringContaining('HOME: parameter not set'),
    });
  });
});
