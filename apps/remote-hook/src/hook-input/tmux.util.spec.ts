import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { parsePaneReport, tmuxLocation, tmuxPane } from './tmux.util';

const NOW_MS = 1_800_000_000_500;
const NOW_S = 1_800_000_000;

describe('parsePaneReport', () => {
  it('splits "#S<TAB>#I<TAB>#{session_attached}<TAB>#{session_activity}"', () => {
    expect(parsePaneReport(`main\t2\t1\t${NOW_S - 12}\n`, NOW_MS)).toEqual({
      session: 'main',
      window: '2',
      inputIdleSeconds: 12,
    });
    expect(parsePaneReport(`my project\t10\t2\t${NOW_S}`, NOW_MS)).toEqual({
      session: 'my project',
      window: '10',
      inputIdleSeconds: 0,
    });
  });

  it('says nothing of input when no client is attached: nobody is at that terminal', () => {
    expect(parsePaneReport(`main\t2\t0\t${NOW_S}`, NOW_MS)).toEqual({
      session: 'main',
      window: '2',
    });
  });

  it('bounds what it reports: a clock stepped back is now, long ago is a day', () => {
    expect(parsePaneReport(`main\t2\t1\t${NOW_S + 30}`, NOW_MS).inputIdleSeconds).toBe(0);
    expect(parsePaneReport('main\t2\t1\t1000', NOW_MS).inputIdleSeconds).toBe(86_400);
    expect(parsePaneReport('main\t2\t1\t', NOW_MS).inputIdleSeconds).toBeUndefined();
    expect(parsePaneReport('main\t2\t1\tsoon', NOW_MS).inputIdleSeconds).toBeUndefined();
  });

  it('leaves out a part the hub would refuse, keeping the others', () => {
    expect(parsePaneReport('odd\tname\t0\t0\t1', NOW_MS)).toEqual({ window: '0' });
    expect(parsePaneReport('a.b\t0\t0\t1', NOW_MS)).toEqual({ window: '0' });
    expect(parsePaneReport(`${'s'.repeat(257)}\t0\t0\t1`, NOW_MS)).toEqual({ window: '0' });
    expect(parsePaneReport('main\tx\t0\t1', NOW_MS)).toEqual({ session: 'main' });
    expect(parsePaneReport('\t1\t0\t1', NOW_MS)).toEqual({ window: '1' });
  });

  it('gives nothing for output of another shape', () => {
    expect(parsePaneReport('', NOW_MS)).toEqual({});
    expect(parsePaneReport('main\t2', NOW_MS)).toEqual({});
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

  it('reports no input while no client is attached to the session', async () => {
    // The session was just made, so tmux's activity time is now; only an attached client counts.
    await expect(tmuxPane(tmuxEnv, 2000)).resolves.toEqual({
      location: { session: 'ccr-test', window: '1', pane },
    });
  });

  it('sends the pane alone when tmux cannot be run', async () => {
    await expect(tmuxLocation({ ...tmuxEnv, PATH: dir }, 2000)).resolves.toEqual({ pane });
    await expect(tmuxPane({ ...tmuxEnv, PATH: dir }, 2000)).resolves.toEqual({
      location: { pane },
    });
  });

  it('is undefined outside tmux or for a pane id not from tmux', async () => {
    await expect(tmuxLocation({ PATH: tmuxEnv['PATH'] }, 2000)).resolves.toBeUndefined();
    await expect(tmuxLocation({ ...tmuxEnv, TMUX: '' }, 2000)).resolves.toBeUndefined();
    await expect(
      tmuxLocation({ ...tmuxEnv, TMUX_PANE: '%3; rm -rf /' }, 2000),
    ).resolves.toBeUndefined();
  });
});
