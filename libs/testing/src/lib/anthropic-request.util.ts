import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessagesBody,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic-messages.types';

/**
 * Text blocks Claude Code adds to a prompt of its own: context (`<system-reminder>`), the
 * record of a command it ran itself such as /clear (`<local-command-caveat>`,
 * `<command-name>`, `<local-command-stdout>`…), and, after Escape, its note that the previous
 * request was interrupted (`[Request interrupted by user]`, `… for tool use]`).
 */
const CLAUDE_CODE_BLOCK =
  /^(?:<system-reminder>|<local-command-[a-z]+>|<command-(?:name|message|args)>|\[Request interrupted by user[^\]]*\]\s*$)/;

/**
 * A long or many-line paste reaches the model as `<pasted_content id="…">\nTEXT\n</pasted_content
 * id="…">`, with blank lines around it. The lines around the text are Claude Code's, not the
 * person's: TEXT is what was pasted.
 */
const PASTED_CONTENT =
  /\n*<pasted_content id="([^"]*)">\n([\s\S]*?)\n?<\/pasted_content id="\1">\n*/g;

function blocksOf(message: AnthropicMessage | undefined): AnthropicContentBlock[] {
  if (!message) return [];
  if (typeof message.content === 'string') return [{ type: 'text', text: message.content }];
  return Array.isArray(message.content) ? message.content : [];
}

function isText(block: AnthropicContentBlock): block is AnthropicTextBlock {
  return block.type === 'text' && typeof (block as AnthropicTextBlock).text === 'string';
}

/**
 * The newest `user` message of a request. It is not always the last message: Claude Code may
 * put a `system` message after it.
 */
export function newestUserMessage(body: AnthropicMessagesBody): AnthropicMessage | undefined {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i]?.role === 'user') return messages[i];
  }
  return undefined;
}

/** The text blocks of the newest user message that the person wrote (see CLAUDE_CODE_BLOCK). */
export function userWordsOf(body: AnthropicMessagesBody): string[] {
  return blocksOf(newestUserMessage(body))
    .filter(isText)
    .map((block) => block.text)
    .filter((text) => !CLAUDE_CODE_BLOCK.test(text));
}

/** Text as typed or pasted: each `<pasted_content>` wrapper replaced by what was pasted. */
export function unwrapPastedContent(text: string): string {
  return text.replace(PASTED_CONTENT, (_match, _id: string, pasted: string) => pasted);
}

/** The prompt the person submitted, as they typed or pasted it; '' for a tool's result. */
export function promptOf(body: AnthropicMessagesBody): string {
  return unwrapPastedContent(userWordsOf(body).join('\n'));
}

/** The tool results the newest user message carries back to the model. */
export function toolResultsOf(body: AnthropicMessagesBody): AnthropicToolResultBlock[] {
  return blocksOf(newestUserMessage(body)).filter(
    (block): block is AnthropicToolResultBlock => block.type === 'tool_result',
  );
}

/** A tool result's text, whether it came as a string or as content blocks. */
export function toolResultText(result: AnthropicToolResultBlock): string {
  if (typeof result.content === 'string') return result.content;
  if (!Array.isArray(result.content)) return '';
  return result.content
    .map((block) => (typeof block.text === 'string' ? block.text : ''))
    .join('\n');
}
