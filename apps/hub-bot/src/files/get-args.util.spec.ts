import { BotErrorCode } from '../replies/bot.error';
import { parseGetArgs } from './get-args.util';

describe('parseGetArgs', () => {
  it('takes the session, then the path as written', () => {
    expect(parseGetArgs('kr4:1 src/app.ts', false)).toEqual({ ref: 'kr4:1', path: 'src/app.ts' });
    expect(parseGetArgs('AB12CD34  my notes.md ', false)).toEqual({
      ref: 'AB12CD34',
      path: 'my notes.md',
    });
    expect(parseGetArgs("kr4:1 it's $(here).txt", false)).toEqual({
      ref: 'kr4:1',
      path: "it's $(here).txt",
    });
  });

  it('takes the whole of it as the path in a reply to a notification', () => {
    expect(parseGetArgs('my notes.md', true)).toEqual({ path: 'my notes.md' });
  });

  it.each([
    ['', false],
    ['kr4:1', false],
    ['kr4:1   ', false],
    ['', true],
    ['kr4:1 a\nb', false],
    [`kr4:1 ${'a'.repeat(4097)}`, false],
  ])('shows how to write it for %j', (rest, isReply) => {
    let code: string | undefined;
    let html = '';
    try {
      parseGetArgs(rest, isReply);
    } catch (error) {
      code = (error as { code?: string }).code;
      html = (error as { html?: string }).html ?? '';
    }
    expect(code).toBe(BotErrorCode.Usage);
    expect(html).toContain('<code>/get kr4:1 src/app.ts</code>');
  });
});
