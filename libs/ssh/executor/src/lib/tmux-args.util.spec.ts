import {
  capturePaneArgs,
  escapeTmuxArg,
  loadBufferArgs,
  pasteBufferArgs,
  sendLiteralArgs,
  tmuxArgv,
  tmuxBaseArgv,
  uniqueBufferName,
} from './tmux-args.util';

describe('tmux arguments', () => {
  it('chooses the socket of the server entry', () => {
    expect(tmuxBaseArgv({ id: 'a', type: 'local' })).toEqual(['tmux']);
    expect(tmuxBaseArgv({ id: 'a', type: 'local', tmuxSocket: { name: 'x' } })).toEqual([
      'tmux',
      '-L',
      'x',
    ]);
    expect(
      tmuxBaseArgv({ id: 'a', type: 'local', tmuxSocket: { path: '/s' }, tmuxPath: '/opt/tmux' }),
    ).toEqual(['/opt/tmux', '-S', '/s']);
  });

  it('types text literally, after --', () => {
    expect(sendLiteralArgs('%1', '-t C-c')).toEqual([
      'send-keys',
      '-t',
      '%1',
      '-l',
      '--',
      '-t C-c',
    ]);
  });

  it('loads a buffer from stdin and pastes it bracketed, then deletes it', () => {
    expect(loadBufferArgs('b1')).toEqual(['load-buffer', '-b', 'b1', '-']);
    expect(pasteBufferArgs('%1', 'b1')).toEqual([
      'paste-buffer',
      '-p',
      '-d',
      '-b',
      'b1',
      '-t',
      '%1',
    ]);
  });

  it('captures N lines of history and joins wrapped lines', () => {
    expect(capturePaneArgs('%1', 40)).toEqual([
      'capture-pane',
      '-p',
      '-J',
      '-t',
      '%1',
      '-S',
      '-40',
    ]);
  });

  it('names buffers uniquely', () => {
    const names = new Set(Array.from({ length: 100 }, uniqueBufferName));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^ccr-[0-9a-f]{16}$/);
  });

  describe('escapeTmuxArg', () => {
    it.each([
      [';', '\\;'],
      ['x;', 'x\\;'],
      ['a\\;', 'a\\\\;'],
      ['\\\\;', '\\\\\\;'],
      ['a;b', 'a;b'],
      ['no semicolon', 'no semicolon'],
      ['', ''],
    ])('%j → %j', (arg, escaped) => expect(escapeTmuxArg(arg)).toBe(escaped));

    it('leaves the socket options alone and escapes the command arguments', () => {
      expect(
        tmuxArgv({ id: 'a', type: 'local', tmuxSocket: { path: '/s;' } }, ['send-keys', 'x;']),
      ).toEqual(['tmux', '-S', '/s;', 'send-keys', 'x\\;']);
    });
  });
});
