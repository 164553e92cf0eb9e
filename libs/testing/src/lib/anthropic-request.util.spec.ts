import type { AnthropicMessagesBody } from './anthropic-messages.types';
import {
  newestUserMessage,
  promptOf,
  toolResultsOf,
  toolResultText,
  unwrapPastedContent,
  userWordsOf,
} from './anthropic-request.util';

function body(messages: AnthropicMessagesBody['messages']): AnthropicMessagesBody {
  return { model: 'claude-test', messages, stream: true };
}

const REMINDER = '<system-reminder>\nAttribution for git commits…\n</system-reminder>';

describe('reading what the person submitted from a Messages API request', () => {
  it('takes the newest user message even when a system message follows it', () => {
    const request = body([
      { role: 'user', content: 'an older prompt' },
      { role: 'assistant', content: [{ type: 'text', text: 'an answer' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: REMINDER },
          { type: 'text', text: 'hello world' },
        ],
      },
      { role: 'system', content: [{ type: 'text', text: '# Environment' }] },
    ]);
    expect(newestUserMessage(request)?.content).toHaveLength(2);
    expect(userWordsOf(request)).toEqual(['hello world']);
    expect(promptOf(request)).toBe('hello world');
  });

  it('reads a prompt given as a plain string', () => {
    expect(promptOf(body([{ role: 'user', content: 'just text' }]))).toBe('just text');
  });

  it("leaves out Claude Code's note that the previous request was interrupted", () => {
    const request = body([
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'refused', is_error: true },
          { type: 'text', text: '[Request interrupted by user for tool use]\n' },
          { type: 'text', text: 'try again' },
        ],
      },
    ]);
    expect(userWordsOf(request)).toEqual(['try again']);
    expect(toolResultsOf(request)).toHaveLength(1);
  });

  it('leaves out the record of a command Claude Code ran itself (/clear)', () => {
    const request = body([
      {
        role: 'user',
        content: [
          { type: 'text', text: REMINDER },
          {
            type: 'text',
            text: '<local-command-caveat>The command below…</local-command-caveat>\n',
          },
          {
            type: 'text',
            text: '<command-name>/clear</command-name>\n  <command-message>clear</command-message>\n',
          },
          { type: 'text', text: '<local-command-stdout></local-command-stdout>\n' },
          { type: 'text', text: 'second' },
        ],
      },
    ]);
    expect(userWordsOf(request)).toEqual(['second']);
  });

  it('unwraps a paste to exactly what was pasted', () => {
    const pasted = 'first line\n\n  indented third\n$(not run)';
    const wrapped = `\n\n<pasted_content id="7bf8">\n${pasted}\n</pasted_content id="7bf8">\n`;
    expect(unwrapPastedContent(wrapped)).toBe(pasted);
    expect(promptOf(body([{ role: 'user', content: [{ type: 'text', text: wrapped }] }]))).toBe(
      pasted,
    );
    // A closing tag with another id is not the end of this paste.
    const nested = `<pasted_content id="a">\nx </pasted_content id="b"> y\n</pasted_content id="a">`;
    expect(unwrapPastedContent(nested)).toBe('x </pasted_content id="b"> y');
  });

  it('has no prompt for a request that carries only a tool result', () => {
    const request = body([
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_2',
            content: [{ type: 'text', text: 'done' }],
          },
        ],
      },
    ]);
    expect(promptOf(request)).toBe('');
    const [result] = toolResultsOf(request);
    expect(result && toolResultText(result)).toBe('done');
  });

  it('copes with a body without messages', () => {
    expect(promptOf({ model: 'x', messages: undefined as never })).toBe('');
  });
});
