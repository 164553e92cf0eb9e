import { fitToMessage } from './reply.util';

describe('fitToMessage', () => {
  it('leaves a message that fits alone', () => {
    expect(fitToMessage('a\nb', 10)).toBe('a\nb');
  });

  it('drops whole lines from the end and marks the cut', () => {
    const html = ['<b>one</b>', '<code>two</code>', 'three'].join('\n');
    const fitted = fitToMessage(html, 30);
    expect(fitted).toBe('<b>one</b>\n<code>two</code>\n…');
    expect(fitted.length).toBeLessThanOrEqual(30);
  });
});
