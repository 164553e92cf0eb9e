import { FakeTranscriptionApi } from './fake-transcription-api.server';

describe('FakeTranscriptionApi', () => {
  const api = new FakeTranscriptionApi({ apiKey: 'sk-test' });
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => api.reset());

  const transcribe = (
    fields: Record<string, string>,
    file: string | null = 'please run the tests',
    key = 'sk-test',
  ) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.set(name, value);
    if (file !== null) form.set('file', new Blob([file], { type: 'audio/ogg' }), 'voice.oga');
    return fetch(api.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form,
    });
  };

  it('hears what the file holds unless told otherwise, and records the request', async () => {
    const response = await transcribe({ model: 'whisper-1' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ text: 'please run the tests' });
    const [request] = api.requests();
    expect(request?.fields).toEqual({ model: 'whisper-1' });
    expect(request?.file).toEqual(
      expect.objectContaining({ filename: 'voice.oga', contentType: 'audio/ogg', size: 20 }),
    );
    const text = await transcribe({ model: 'whisper-1', response_format: 'text' });
    expect(await text.text()).toBe('please run the tests');
  });

  it('answers as the rules say, in order, for as many times as given', async () => {
    api.answer({ kind: 'error', status: 500, message: 'model not loaded' }, { times: 1 });
    api.answer({ kind: 'text', text: 'slowly said', delayMs: 50 }, { times: 1 });
    const failed = await transcribe({ model: 'm' });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: { message: 'model not loaded', type: 'invalid_request_error', code: null },
    });
    expect(await (await transcribe({ model: 'm' })).json()).toEqual({ text: 'slowly said' });
    expect(await (await transcribe({ model: 'm' })).json()).toEqual({
      text: 'please run the tests',
    });
  });

  it('can leave a request unanswered until the client gives up', async () => {
    api.answer({ kind: 'hang' });
    const form = new FormData();
    form.set('model', 'm');
    form.set('file', new Blob(['x']), 'voice.oga');
    await expect(
      fetch(api.url, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test' },
        body: form,
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect(api.requests()[0]?.answer).toEqual({ kind: 'hang' });
  });

  it('refuses a wrong key, a missing file or model, and other paths', async () => {
    expect((await transcribe({ model: 'm' }, 'x', 'sk-wrong')).status).toBe(401);
    expect((await transcribe({ model: 'm' }, null)).status).toBe(400);
    const noModel = await transcribe({});
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({
      error: expect.objectContaining({ message: "Missing required parameter: 'model'" }),
    });
    expect((await fetch(api.url.replace('transcriptions', 'translations'))).status).toBe(404);
    expect(api.requests().map((request) => request.answer)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
