import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { parseSessionAndWindow, tmuxLocation } from './tmux.util';

describe('parseSessionAndWindow', () => {
  it('splits "#S<TAB>#I"', () => {
    expect(parseSessionAndWindow('main\t2\n')).toEqual({ session: 'main', window: '2' });
    expect(parseSessionAndWindow('my project\t10')).toEqual({
      session: 'my project',
      window: '10',
    });
  });

  it('leaves out a part the hub would refuse, keeping the other', () => {
    expect(parseSessionAndWindow('odd\tname\t0')).toEqual({ window: '0' });
    expect(parseSessionAndWindow('a.b\t0')).toEqual({ window: '0' });
    expect(parseSessionAndWindow(`${'s'.repeat(257)}\t0`)).toEqual({ window: '0' });
    expect(parseSessionAndWindow('main\tx')).toEqual({ session: 'main' });
    expect(parseSessionAndWindow('\t1')).toEqual({ window: '1' });
  });

  it('gives nothing for output of another shape', () => {
    expect(parseSessionAndWindow('')).toEqual({});
    expect(parseSessionAndWindow('main 2')).toEqual({});
  });
});

describe('tmuxLocation', () => {
  let dir: string;
  let socket: string;
  let pane: string;
  let tmuxEnv: Record<string, string>;

  beforeAll(async () => {
    dir = await makeTempDir('tmux');
    socket = join(dir, 'tmux.sock');
    // A tmux server of the test's own, on its own socket, as Claude Code would run in.
    execFileSync('tmux', [
      '-S',
      socket,
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'ccr-test',
      '-x',
      '80',
      '-y',
      '24',
    ]);
    execFileSync('tmux', ['-S', socket, 'new-window', '-t', 'ccr-test']);
    pane = execFileSync('tmux', ['-S', socket, 'display-message', '-p', '-t', 'ccr-test:1', '#D'], {
      encoding: 'utf8',
    }).trim();
    const serverPid = execFileSync('tmux', ['-S', socket, 'display-message', '-p', '#{pid}'], {
      encoding: 'utf8',
    }).trim();
    tmuxEnv = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      TMUX: `${socket},${serverPid},0`,
      TMUX_PANE: pane,
    };
  });

  afterAll(async () => {
    try {
      execFileSync('tmux', ['-S', socket, 'kill-server']);
    } finally {
      await removeTempDir(dir);
    }
  });

  it('asks tmux for the session and window of $TMUX_PANE', async () => {
    await expect(tmuxLocation(tmuxEnv, 2000)).resolves.toEqual({
      session: 'ccr-test',
      window: '1',
      pane,
    });
  });

  it('sends the pane alone when tmux cannot be run', async () => {
    await expect(tmuxLocation({ ...tmuxEnv, PATH: dir }, 2000)).resolves.toEqual({ pane });
  });

  it('is undefined outside tmux or for a pane id not from tmux', async () => {
    await expect(tmuxLocation({ PATH: tmuxEnv['PATH'] }, 2000)).resolves.toBeUndefined();
    await expect(tmuxLocation({ ...tmuxEnv, TMUX: '' }, 2000)).resolves.toBeUndefined();
    await expect(
      tmuxLocation({ ...tmuxEnv, TMUX_PANE: '%3; rm -rf /' }, 2000),
    ).resolves.toBeUndefined();
  });
});
