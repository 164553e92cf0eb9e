import { ExecutorErrorCode } from './executor.error';
import { prepareUserText } from './user-text.util';

const LIMIT = 16 * 1024;

describe('prepareUserText', () => {
  it('types one line with send-keys', () => {
    expect(prepareUserText('hello $(id) ; | `x`', LIMIT, 's')).toEqual({
      text: 'hello $(id) ; | `x`',
      mode: 'line',
      bytes: 19,
    });
  });

  it('pastes text with a newline or a tab', () => {
    expect(prepareUserText('a\nb', LIMIT, 's').mode).toBe('paste');
    expect(prepareUserText('a\tb', LIMIT, 's').mode).toBe('paste');
  });

  it('turns CRLF and lone CR into LF, since a CR would press Enter', () => {
    expect(prepareUserText('a\r\nb\rc', LIMIT, 's')).toMatchObject({
      text: 'a\nb\nc',
      mode: 'paste',
    });
  });

  it('pastes a line too long for one tmux command', () => {
    expect(prepareUserText('x'.repeat(8 * 1024), LIMIT, 's').mode).toBe('line');
    expect(prepareUserText('x'.repeat(8 * 1024 + 1), LIMIT, 's').mode).toBe('paste');
  });

  it('puts a space after a final backslash, which Claude Code would read as "new line"', () => {
    expect(prepareUserText('C:\\temp\\', LIMIT, 's')).toEqual({
      text: 'C:\\temp\\ ',
      mode: 'line',
      bytes: 8,
    });
    expect(prepareUserText('a\nb\\', LIMIT, 's').text).toBe('a\nb\\ ');
    expect(prepareUserText('a\\b', LIMIT, 's').text).toBe('a\\b');
  });

  it('keeps the empty string (Enter alone)', () => {
    expect(prepareUserText('', LIMIT, 's')).toEqual({ text: '', mode: 'line', bytes: 0 });
  });

  it('counts the limit in UTF-8 bytes', () => {
    const emoji = '🚀'; // four bytes
    expect(prepareUserText(emoji.repeat(4096), LIMIT, 's').bytes).toBe(LIMIT);
    expect(() => prepareUserText(`${emoji.repeat(4096)}x`, LIMIT, 's')).toThrow(
      expect.objectContaining({
        code: ExecutorErrorCode.TextTooLong,
        message: expect.stringContaining(`${LIMIT + 1} bytes`),
      }),
    );
  });

  it.each([
    ['NUL', '\u0000'],
    ['ESC (could end a bracketed paste)', '\u001b[201~'],
    ['^C', '\u0003'],
    ['^D', '\u0004'],
    ['backspace', '\u0008'],
    ['vertical tab', '\u000b'],
    ['form feed', '\u000c'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u009b'],
  ])('refuses %s', (_name, text) => {
    expect(() => prepareUserText(`ok ${text} ok`, LIMIT, 'kr4')).toThrow(
      expect.objectContaining({
        code: ExecutorErrorCode.InvalidText,
        serverId: 'kr4',
        message: expect.stringMatching(/U\+00[0-9A-F]{2} at position 3/),
      }),
    );
  });

  it('refuses a lone surrogate, which cannot be sent as UTF-8', () => {
    expect(() => prepareUserText('a\ud800b', LIMIT, 's')).toThrow(
      expect.objectContaining({ code: ExecutorErrorCode.InvalidText }),
    );
  });

  it('accepts emoji with joiners, and right-to-left text', () => {
    expect(prepareUserText('👨‍👩‍👧 עברית 漢字', LIMIT, 's').mode).toBe('line');
  });
});
