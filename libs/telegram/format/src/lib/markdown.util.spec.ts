import { checkTelegramHtml } from '@ccr/testing';
import { cutBlock, inlineMarkdown, markdownBlocks, markdownToTelegramHtml } from './markdown.util';

function valid(html: string): string {
  const { problems } = checkTelegramHtml(html);
  expect(problems).toEqual([]);
  return html;
}

describe('inlineMarkdown', () => {
  it.each([
    ['**bold** and __bold__', '<b>bold</b> and <b>bold</b>'],
    ['*it* and _it_', '<i>it</i> and <i>it</i>'],
    ['~~gone~~', '<s>gone</s>'],
    ['`a < b && c`', '<code>a &lt; b &amp;&amp; c</code>'],
    ['``with ` inside``', '<code>with ` inside</code>'],
    ['**bold with *it* and `code`**', '<b>bold with <i>it</i> and <code>code</code></b>'],
    [
      '[docs](https://example.com/a?b=1&c=2)',
      '<a href="https://example.com/a?b=1&amp;c=2">docs</a>',
    ],
    ['[bad](javascript:alert(1))', '[bad](javascript:alert(1))'],
    ['[file](./src/a.ts)', 'file (./src/a.ts)'],
    ['snake_case_name and 2 * 3 * 4', 'snake_case_name and 2 * 3 * 4'],
    ['**not closed', '**not closed'],
    ['`not closed', '`not closed'],
    ['\\*literal\\*', '*literal*'],
    ['<script>"x"</script> & co', '&lt;script&gt;&quot;x&quot;&lt;/script&gt; &amp; co'],
    ['*`a*b`*', '<i><code>a*b</code></i>'],
  ])('%j', (markdown, html) => {
    expect(valid(inlineMarkdown(markdown))).toBe(html);
  });
});

describe('cutBlock', () => {
  it("keeps a block's first lines that fit, its tags whole", () => {
    const [list, code] = markdownBlocks('- **one**\n- two\n- three\n\n```js\na < b\nc\n```');
    expect(cutBlock(list!, 25)).toBe('• <b>one</b>\n• two');
    expect(cutBlock(list!, 5)).toBeNull();
    expect(valid(cutBlock(code!, 52) ?? '')).toBe(
      '<pre><code class="language-js">a &lt; b</code></pre>',
    );
  });
});

describe('markdownBlocks', () => {
  it('renders a plan as Claude writes one', () => {
    const plan = [
      '# Rename the button',
      '',
      '## Context',
      'The label says **Send**; people look for `Submit`.',
      'It is in <Button>.',
      '',
      '## Steps',
      '1. Change the label in `button.tsx`',
      '2. Update the snapshot test',
      '   - run `npm test -- -u`',
      '- [ ] check the page',
      '- [x] ask design',
      '',
      '```ts',
      'const label = "Submit" && <b>;',
      '```',
      '',
      '| file | change |',
      '| --- | --- |',
      '| a.ts | rename |',
      '',
      '> Keep the old name as an alias.',
      '',
      '---',
    ].join('\n');
    expect(markdownBlocks(plan).map((block) => valid(block.html))).toEqual([
      '<b>Rename the button</b>',
      '<b>Context</b>',
      'The label says <b>Send</b>; people look for <code>Submit</code>.\nIt is in &lt;Button&gt;.',
      '<b>Steps</b>',
      '1. Change the label in <code>button.tsx</code>\n2. Update the snapshot test\n   • run <code>npm test -- -u</code>\n☐ check the page\n☑ ask design',
      '<pre><code class="language-ts">const label = &quot;Submit&quot; &amp;&amp; &lt;b&gt;;</code></pre>',
      '<pre>| file | change |\n| --- | --- |\n| a.ts | rename |</pre>',
      '<blockquote>Keep the old name as an alias.</blockquote>',
      '———',
    ]);
    expect(markdownBlocks(plan)[2]?.source).toBe(
      'The label says **Send**; people look for `Submit`.\nIt is in <Button>.',
    );
    valid(markdownToTelegramHtml(plan));
  });

  it('runs a fence left open to the end, and keeps its text as it is', () => {
    expect(markdownBlocks('intro\n```\n**not bold**\n\nstill code')).toMatchObject([
      { html: 'intro', source: 'intro' },
      { html: '<pre>**not bold**\n\nstill code</pre>', source: '```\n**not bold**\n\nstill code' },
    ]);
  });

  it('gives nothing for an empty text', () => {
    expect(markdownBlocks('')).toEqual([]);
    expect(markdownBlocks('\n  \n')).toEqual([]);
  });

  it('keeps every block valid whatever the text holds', () => {
    const odd = '**a *b** c* `d **e` _f_g_ [h](i) ~~j **k~~ l** <m> & "n"\n# **o\n- *p';
    for (const block of markdownBlocks(odd)) valid(block.html);
  });
});
