import type { FakeModelAnswer } from './anthropic-messages.types';

/** One server-sent event of a streamed Messages API answer. */
export interface AnthropicStreamEvent {
  type: string;
  [key: string]: unknown;
}

type FiniteAnswer = Exclude<FakeModelAnswer, { kind: 'slow' | 'error' }>;

/** Text is streamed in pieces of this many characters, as a model streams tokens. */
const TEXT_PIECE = 200;

/** The `event:`/`data:` frame of one event. */
export function sseFrame(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function usage(outputTokens: number): Record<string, number> {
  return {
    input_tokens: 1,
    output_tokens: outputTokens,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
}

/** `message_start`: the empty assistant message the content blocks fill. */
export function messageStartEvent(id: string, model: string): AnthropicStreamEvent {
  return {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(1),
    },
  };
}

export function textBlockStartEvent(index: number): AnthropicStreamEvent {
  return { type: 'content_block_start', index, content_block: { type: 'text', text: '' } };
}

export function textDeltaEvent(index: number, text: string): AnthropicStreamEvent {
  return { type: 'content_block_delta', index, delta: { type: 'text_delta', text } };
}

export function blockStopEvent(index: number): AnthropicStreamEvent {
  return { type: 'content_block_stop', index };
}

/** `message_delta` with the stop reason, then `message_stop`. */
export function messageEndEvents(
  stopReason: 'end_turn' | 'tool_use',
  outputTokens: number,
): AnthropicStreamEvent[] {
  return [
    {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens },
    },
    { type: 'message_stop' },
  ];
}

function textBlockEvents(index: number, text: string): AnthropicStreamEvent[] {
  const events = [textBlockStartEvent(index)];
  const chars = Array.from(text);
  for (let at = 0; at < chars.length; at += TEXT_PIECE) {
    events.push(textDeltaEvent(index, chars.slice(at, at + TEXT_PIECE).join('')));
  }
  events.push(blockStopEvent(index));
  return events;
}

function roughTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/**
 * Every event of a streamed answer, in order: `message_start`, per content block
 * `content_block_start`, its deltas (`text_delta`, or `input_json_delta` for a tool call) and
 * `content_block_stop`, then `message_delta` with the stop reason and `message_stop`.
 */
export function answerEvents(
  answer: FiniteAnswer,
  ids: { messageId: string; toolUseId: string; model: string },
): AnthropicStreamEvent[] {
  const events = [messageStartEvent(ids.messageId, ids.model)];
  if (answer.kind === 'text') {
    events.push(...textBlockEvents(0, answer.text));
    events.push(...messageEndEvents('end_turn', roughTokens(answer.text)));
    return events;
  }
  let index = 0;
  if (answer.text !== undefined && answer.text !== '') {
    events.push(...textBlockEvents(index, answer.text));
    index += 1;
  }
  const json = JSON.stringify(answer.input);
  events.push(
    {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: ids.toolUseId, name: answer.name, input: {} },
    },
    { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json } },
    blockStopEvent(index),
    ...messageEndEvents('tool_use', roughTokens(json)),
  );
  return events;
}

/** The same answer as one JSON message, for a request that did not ask to stream. */
export function answerMessage(
  answer: FiniteAnswer,
  ids: { messageId: string; toolUseId: string; model: string },
): Record<string, unknown> {
  const content: unknown[] = [];
  if (answer.kind === 'text') content.push({ type: 'text', text: answer.text });
  else {
    if (answer.text) content.push({ type: 'text', text: answer.text });
    content.push({ type: 'tool_use', id: ids.toolUseId, name: answer.name, input: answer.input });
  }
  return {
    id: ids.messageId,
    type: 'message',
    role: 'assistant',
    model: ids.model,
    content,
    stop_reason: answer.kind === 'text' ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: usage(1),
  };
}

/** The error body the API answers with. */
export function errorBody(type: string, message: string): Record<string, unknown> {
  return { type: 'error', error: { type, message } };
}
