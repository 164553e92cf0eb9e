import {
  commandRestOf,
  parseCommandText,
  repliedMessageId,
  splitFirstWord,
} from './command-text.util';

describe('parseCommandText', () => {
  it.each([
    ['/sessions', { name: 'sessions', mention: undefined, rest: '' }],
    ['/CMD kr4:1 hi', { name: 'cmd', mention: undefined, rest: 'kr4:1 hi' }],
    ['/cmd@ccr_bot kr4:1 hi', { name: 'cmd', mention: 'ccr_bot', rest: 'kr4:1 hi' }],
    ['/cmd\nkr4:1', { name: 'cmd', mention: undefined, rest: 'kr4:1' }],
    ['/cmd  two spaces', { name: 'cmd', mention: undefined, rest: ' two spaces' }],
  ])('reads %j', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });

  it.each(['hello', ' /cmd', '/', '/cmd-x', '/cmd:1', '//cmd'])(
    'finds no command in %j',
    (text) => {
      expect(parseCommandText(text)).toBeUndefined();
    },
  );
});

describe('splitFirstWord', () => {
  it('takes one separator and keeps the rest exactly', () => {
    expect(splitFirstWord('kr4:1 hello')).toEqual({ word: 'kr4:1', after: 'hello' });
    expect(splitFirstWord('kr4:1   spaced  ')).toEqual({ word: 'kr4:1', after: '  spaced  ' });
    expect(splitFirstWord('kr4:1\nline one\nline two')).toEqual({
      word: 'kr4:1',
      after: 'line one\nline two',
    });
    expect(splitFirstWord('  kr4:1 x')).toEqual({ word: 'kr4:1', after: 'x' });
    expect(splitFirstWord('kr4:1')).toEqual({ word: 'kr4:1', after: '' });
    expect(splitFirstWord('')).toEqual({ word: '', after: '' });
    expect(splitFirstWord('kr4:1 \n')).toEqual({ word: 'kr4:1', after: '\n' });
  });
});

describe('repliedMessageId', () => {
  it('reads the id of the message replied to, if any', () => {
    expect(repliedMessageId({ message_id: 5, reply_to_message: { message_id: 3 } })).toBe(3);
    expect(repliedMessageId({ message_id: 5 })).toBeUndefined();
    expect(repliedMessageId(undefined)).toBeUndefined();
  });
});

describe('commandRestOf', () => {
  it("gives what follows the command of a message's text, or ''", () => {
    expect(commandRestOf({ text: '/new kr4 ~/webapp fix it' })).toBe('kr4 ~/webapp fix it');
    expect(commandRestOf({ text: 'no command' })).toBe('');
    expect(commandRestOf({ photo: [] })).toBe('');
    expect(commandRestOf(undefined)).toBe('');
  });
});
