import type { SessionView } from '@ccr/session-domain';
import { BotError } from '../replies/bot.error';
import { escapedTail, formatOutputMessage, parseOutputArgs } from './output-message.util';

const SESSION: SessionView = {
  id: 1,
  serverId: 'kr4',
  seq: 1,
  name: 'kr4:1',
  token: 'AB12CD34',
  claudeSessionId: null,
  project: 'api',
  cwd: null,
  hostname: null,
  tmux: { session: 'main', window: '0', pane: '%3' },
  lastType: 'waiting',
  state: 'waiting',
  stateSince: new Date(0),
  createdAt: new Date(0),
  lastEventAt: new Date(0),
  expiresAt: new Date(0),
};

describe('parseOutputArgs', () => {
  it('takes a session and an optional number of lines', () => {
    expect(parseOutputArgs('kr4:1')).toEqual({ ref: 'kr4:1', lines: 40 });
    expect(parseOutputArgs('kr4:1 200')).toEqual({ ref: 'kr4:1', lines: 200 });
    expect(parseOutputArgs('', true)).toEqual({ ref: undefined, lines: 40 });
  });

  it.each(['', 'kr4:1 0', 'kr4:1 1001', 'kr4:1 ten', 'kr4:1 5 6'])('refuses %j', (rest) => {
    expect(() => parseOutputArgs(rest)).toThrow(BotError);
  });
});

describe('escapedTail', () => {
  it('keeps short text whole, escaped', () => {
    expect(escapedTail('a <b> & "c"', 100)).toBe('a &lt;b&gt; &amp; &quot;c&quot;');
  });

  it('keeps the end, from a line start, within the budget, never splitting an entity', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} <&>`).join('\n');
    const tail = escapedTail(text, 200);
    expect(tail.length).toBeLessThanOrEqual(200);
    expect(tail.startsWith('…\nline ')).toBe(true);
    expect(tail.endsWith('line 99 &lt;&amp;&gt;')).toBe(true);
    expect(tail).not.toMatch(/&(?!lt;|gt;|amp;|quot;)/);
  });

  it('does not split an emoji', () => {
    const tail = escapedTail('🚀'.repeat(100), 51);
    expect(tail.startsWith('…\n🚀')).toBe(true);
    expect(tail.length).toBeLessThanOrEqual(51);
  });
});

describe('formatOutputMessage', () => {
  it('shows the screen as preformatted text under a header', () => {
    expect(formatOutputMessage(SESSION, 40, '$ ls\n<dir>')).toBe(
      '🖥 <code>kr4:1</code> · api · last 40 lines of pane <code>%3</code>\n<pre>$ ls\n&lt;dir&gt;</pre>',
    );
  });

  it('says so when the pane shows nothing', () => {
    expect(formatOutputMessage(SESSION, 1, '  \n')).toContain('The pane shows nothing.');
  });

  it('fits one message however long the screen', () => {
    const screen = Array.from({ length: 1000 }, (_, i) => `${i}: ${'<>&"'.repeat(20)}`).join('\n');
    const html = formatOutputMessage(SESSION, 1000, screen);
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html.endsWith('999: ' + '&lt;&gt;&amp;&quot;'.repeat(20) + '</pre>')).toBe(true);
  });
});
