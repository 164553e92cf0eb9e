import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicMessagesBody,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './anthropic-messages.types';

/** Claude Code adds context to a prompt in text blocks that start with this. */
const SYSTEM_REMINDER = '<system-reminder>';
/**
 * After Escape, the next prompt carries a block of Claude Code's own saying so:
 * `[Request interrupted by user]`, or `… for tool use]` when a tool call was refused.
 */
const INTERRUPTED = /^\[Request interrupted by user[^\]]*\]\s*$/;

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

/**
 * The text blocks of the newest user message that the person wrote: not Claude Code's system
 * reminders, nor its note that the previous request was interrupted.
 */
export function userWordsOf(body: AnthropicMessagesBody): string[] {
  return blocksOf(newestUserMessage(body))
    .filter(isText)
    .map((block) => block.text)
    .filter((text) => !text.startsWith(SYSTEM_REMINDER) && !INTERRUPTED.test(text));
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
