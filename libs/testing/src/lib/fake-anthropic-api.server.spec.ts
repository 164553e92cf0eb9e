import { FakeAnthropicApi } from './fake-anthropic-api.server';

/** The events of an SSE body, parsed. */
function events(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const data = frame.split('\n').find((line) => line.startsWith('data: ')) ?? '';
      return JSON.parse(data.slice('data: '.length)) as Record<string, unknown>;
    });
}

function streamedText(text: string): string {
  return events(text)
    .filter((event) => event['type'] === 'content_block_delta')
    .map((event) => (event['delta'] as { text?: string }).text ?? '')
    .join('');
}

describe('FakeAnthropicApi', () => {
  const api = new FakeAnthropicApi();

  beforeAll(() => api.start());
  afterAll(() => api.stop());
  afterEach(() => api.resetAnswers());

  function post(
    prompt: string | unknown[],
    extra: Record<string, unknown> = {},
    signal?: AbortSignal,
  ) {
    return fetch(`${api.baseUrl}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test' },
      body: JSON.stringify({
        model: 'claude-test',
        stream: true,
        max_tokens: 100,
        messages: [{ role: 'user', content: prompt }],
        ...extra,
      }),
      signal,
    });
  }

  it('echoes a prompt as a stream and records what the request carried', async () => {
    const since = api.requests().length;
    const response = await post('hello');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const body = await response.text();
    expect(streamedText(body)).toBe('You said: hello');
    expect(events(body).at(-1)).toEqual({ type: 'message_stop' });
    const request = await api.waitForRequest('hello', { since });
    expect(request).toMatchObject({
      endpoint: 'messages',
      path: '/v1/messages',
      query: 'beta=true',
      prompt: 'hello',
      words: ['hello'],
      answer: { kind: 'text', text: 'You said: hello' },
    });
    expect(await api.waitForAnswerEnd(request)).toBe('done');
    expect(request.endedAt?.getTime()).toBeGreaterThanOrEqual(request.at.getTime());
    expect(request.headers['x-api-key']).toBe('sk-ant-test');
  });

  it('answers by the first rule that matches, as often as it was told', async () => {
    const rule = api.answer(
      /^run /,
      { kind: 'tool_use', name: 'Bash', input: { command: 'ls' } },
      { times: 1 },
    );
    const first = events(await (await post('run it')).text());
    expect(first.find((event) => event['type'] === 'content_block_start')).toMatchObject({
      content_block: { type: 'tool_use', name: 'Bash' },
    });
    expect(rule.answered.map((request) => request.prompt)).toEqual(['run it']);
    expect(streamedText(await (await post('run it')).text())).toBe('You said: run it');
  });

  it('finds the request that carried back the result of a tool call it answered with', async () => {
    api.answer('call a tool', { kind: 'tool_use', name: 'Bash', input: { command: 'ls' } });
    const since = api.requests().length;
    await (await post('call a tool')).text();
    const call = await api.waitForRequest('call a tool', { since });
    expect(call.toolUseId).toMatch(/^toolu_/);
    await (
      await post([{ type: 'tool_result', tool_use_id: call.toolUseId, content: 'a.txt' }])
    ).text();
    const { request, result } = await api.waitForToolResult(call);
    expect(request.index).toBeGreaterThan(call.index);
    expect(result).toMatchObject({ tool_use_id: call.toolUseId, content: 'a.txt' });
  });

  it('plans as a model in plan mode does: writes the plan file it is told of, then asks to leave plan mode', async () => {
    const rules = api.answerWithPlan('make a plan', '# Plan\n1. do it');
    const since = api.requests().length;
    const instructions = {
      type: 'text',
      text: '<system-reminder>No plan file exists yet. You should create your plan at /home/dev/.claude/plans/calm-pike.md using the Write tool.</system-reminder>',
    };
    const write = events(
      await (await post([instructions, { type: 'text', text: 'make a plan' }])).text(),
    );
    expect(write.find((event) => event['type'] === 'content_block_start')).toMatchObject({
      content_block: { type: 'tool_use', name: 'Write' },
    });
    const call = await api.waitForRequest('make a plan', { since });
    expect(call.answer).toEqual({
      kind: 'tool_use',
      name: 'Write',
      input: { file_path: '/home/dev/.claude/plans/calm-pike.md', content: '# Plan\n1. do it' },
    });
    const exit = events(
      await (
        await post([{ type: 'tool_result', tool_use_id: call.toolUseId, content: 'ok' }])
      ).text(),
    );
    expect(exit.find((event) => event['type'] === 'content_block_start')).toMatchObject({
      content_block: { type: 'tool_use', name: 'ExitPlanMode' },
    });
    expect([rules.write.answered.length, rules.exit.answered.length]).toEqual([1, 1]);
    // Outside plan mode there is no plan file to write: the fake says so.
    api.answerWithPlan('plan without plan mode', '# P');
    expect((await post('plan without plan mode')).status).toBe(500);
  });

  it('answers a tool result with what the tool said, or that it was refused', async () => {
    const refused = await post([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_1',
        content: 'Denied from Telegram',
        is_error: true,
      },
    ]);
    expect(streamedText(await refused.text())).toBe('The tool was refused: Denied from Telegram');
  });

  it('answers an error with its status and the API error body', async () => {
    api.answer('fail', { kind: 'error', status: 400, message: 'no' });
    const response = await post('fail');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'no' },
    });
  });

  it('answers one JSON message when the request does not stream', async () => {
    const response = await post('plain', { stream: false });
    expect(await response.json()).toMatchObject({
      type: 'message',
      content: [{ type: 'text', text: 'You said: plain' }],
      stop_reason: 'end_turn',
    });
  });

  it('streams a slow answer until the client closes it, and notes that', async () => {
    api.answer('slow', { kind: 'slow', chunk: 'tick ', intervalMs: 10 });
    const since = api.requests().length;
    const abort = new AbortController();
    const response = await post('slow', {}, abort.signal);
    const reader = response.body!.getReader();
    let seen = '';
    while ((seen.match(/tick/g) ?? []).length < 3) {
      const { value } = await reader.read();
      seen += new TextDecoder().decode(value);
    }
    const request = await api.waitForRequest('slow', { since });
    expect(request.state).toBe('answering');
    abort.abort();
    expect(await api.waitForAnswerEnd(request)).toBe('closed-early');
  });

  it('ends a slow answer normally when the test says so', async () => {
    api.answer('slow to finish', { kind: 'slow', chunk: 'tock ', intervalMs: 10 });
    const since = api.requests().length;
    const response = await post('slow to finish');
    const request = await api.waitForRequest('slow to finish', { since });
    expect(api.finishAnswer(request)).toBe(true);
    const text = await response.text();
    expect(text).toContain('tock');
    expect(text).toContain('"stop_reason":"end_turn"');
    expect(text.trimEnd()).toMatch(/message_stop.*$/s);
    expect(await api.waitForAnswerEnd(request)).toBe('done');
    expect(api.finishAnswer(request)).toBe(false);
  });

  it('counts tokens, and answers 404 to anything else, recording both', async () => {
    const before = api.allRequests().length;
    const counted = await fetch(`${api.baseUrl}/v1/messages/count_tokens?beta=true`, {
      method: 'POST',
      body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'abcd' }] }),
    });
    expect(await counted.json()).toEqual({ input_tokens: expect.any(Number) });
    expect((await fetch(`${api.baseUrl}/v1/models`)).status).toBe(404);
    expect(
      api
        .allRequests()
        .slice(before)
        .map((r) => r.endpoint),
    ).toEqual(['count_tokens', 'other']);
  });

  it('says which prompts it saw when the one waited for does not come', async () => {
    const since = api.requests().length;
    await (await post('something else')).text();
    await expect(api.waitForRequest('never sent', { since, timeoutMs: 100 })).rejects.toThrow(
      /prompts seen since request \d+: "something else"/,
    );
  });
});
