import { answerEvents, answerMessage, sseFrame } from './anthropic-sse.util';

const IDS = { messageId: 'msg_1', toolUseId: 'toolu_1', model: 'claude-test' };

describe('the Messages API answers the fake model streams', () => {
  it('streams a text answer: start, block, deltas, stop, end_turn', () => {
    const text = 'x'.repeat(450);
    const events = answerEvents({ kind: 'text', text }, IDS);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const streamed = events
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => (event['delta'] as { text: string }).text)
      .join('');
    expect(streamed).toBe(text);
    expect(events[6]).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it('never splits a character made of two UTF-16 units between deltas', () => {
    const text = '🚀'.repeat(300);
    const deltas = answerEvents({ kind: 'text', text }, IDS)
      .filter((event) => event.type === 'content_block_delta')
      .map((event) => (event['delta'] as { text: string }).text);
    expect(deltas.join('')).toBe(text);
    for (const delta of deltas) expect(delta).not.toMatch(/\p{Cs}/u);
  });

  it('streams a tool call after its text as input_json_delta, stop reason tool_use', () => {
    const events = answerEvents(
      { kind: 'tool_use', name: 'Bash', input: { command: 'ls' }, text: 'Looking.' },
      IDS,
    );
    expect(events[4]).toEqual({
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} },
    });
    expect(events[5]).toEqual({
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"command":"ls"}' },
    });
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' } });
  });

  it('writes each event as an SSE frame named after its type', () => {
    expect(sseFrame({ type: 'message_stop' })).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });

  it('gives the same answer as one message for a request that does not stream', () => {
    expect(
      answerMessage({ kind: 'tool_use', name: 'Read', input: { path: 'a' } }, IDS),
    ).toMatchObject({
      id: 'msg_1',
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' } }],
      stop_reason: 'tool_use',
    });
  });
});
