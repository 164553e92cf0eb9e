import { BotError, BotErrorCode } from '../replies/bot.error';
import { parseCmdArgs, parseEscArgs } from './typing-args.util';

function usageOf(fn: () => unknown): BotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BotError) return error;
    throw error;
  }
  throw new Error('expected a BotError');
}

describe('parseCmdArgs', () => {
  it('keeps the text exactly as written after the session', () => {
    expect(parseCmdArgs('kr4:1 yes, go on')).toEqual({ ref: 'kr4:1', text: 'yes, go on' });
    expect(parseCmdArgs('AB12CD34  two leading spaces ')).toEqual({
      ref: 'AB12CD34',
      text: ' two leading spaces ',
    });
    expect(parseCmdArgs('kr4:1\nline one\nline two')).toEqual({
      ref: 'kr4:1',
      text: 'line one\nline two',
    });
    expect(parseCmdArgs('kr4:1 -t %0 C-c; $(rm -rf ~)')).toEqual({
      ref: 'kr4:1',
      text: '-t %0 C-c; $(rm -rf ~)',
    });
  });

  it.each(['', '   ', 'kr4:1', 'kr4:1   ', 'kr4:1 \n '])(
    'asks for what is missing in %j',
    (rest) => {
      const error = usageOf(() => parseCmdArgs(rest));
      expect(error.code).toBe(BotErrorCode.Usage);
      expect(error.html).toContain('<code>/cmd kr4:1 yes, go on</code>');
    },
  );
});

describe('parseEscArgs', () => {
  it('takes one session, or none in a reply to a notification', () => {
    expect(parseEscArgs('kr4:1')).toEqual({ ref: 'kr4:1' });
    expect(parseEscArgs(' kr4:1 ')).toEqual({ ref: 'kr4:1' });
    expect(parseEscArgs('', true)).toEqual({ ref: undefined });
    expect(parseEscArgs('kr4:2', true)).toEqual({ ref: 'kr4:2' });
  });

  it.each(['', 'kr4:1 now'])('shows how to write it for %j', (rest) => {
    expect(usageOf(() => parseEscArgs(rest)).html).toContain('<code>/esc kr4:1</code>');
  });
});
