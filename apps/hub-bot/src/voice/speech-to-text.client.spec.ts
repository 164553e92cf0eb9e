import { FakeTranscriptionApi } from '@ccr/testing';
import { SpeechToTextClient, SpeechToTextError } from './speech-to-text.client';

describe('SpeechToTextClient against an OpenAI-compatible server on loopback', () => {
  const api = new FakeTranscriptionApi({ apiKey: 'sk-test' });
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(() => api.reset());

  const client = (overrides: { apiKey?: string; timeoutMs?: number } = {}) =>
    new SpeechToTextClient({
      url: api.url,
      apiKey: 'apiKey' in overrides ? overrides.apiKey : 'sk-test',
      model: 'whisper-1',
      timeoutMs: overrides.timeoutMs ?? 5_000,
    });
  const voice = { name: 'voice.oga', contentType: 'audio/ogg' };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as SpeechToTextError,
    );

  it('sends the recording with the model and key, and gives the words back, trimmed', async () => {
    api.answer({ kind: 'text', text: '  run the tests, please \n' });
    expect(await client().transcribe(Buffer.from('OggS'), voice)).toBe('run the tests, please');
    const [request] = api.requests();
    expect(request?.headers.authorization).toBe('Bearer sk-test');
    expect(request?.fields).toEqual({ model: 'whisper-1', response_format: 'json' });
    expect(request?.file).toEqual(
      expect.objectContaining({ filename: 'voice.oga', contentType: 'audio/ogg', size: 4 }),
    );
  });

  it('sends no key when none is configured', async () => {
    const open = new FakeTranscriptionApi();
    await open.start();
    try {
      const keyless = new SpeechToTextClient({
        url: open.url,
        apiKey: undefined,
        model: 'm',
        timeoutMs: 5_000,
      });
      expect(await keyless.transcribe(Buffer.from('hello'), voice)).toBe('hello');
      expect(open.requests()[0]?.headers.authorization).toBeUndefined();
    } finally {
      await open.stop();
    }
  });

  it('says what the service answered when it fails', async () => {
    api.answer({ kind: 'error', status: 503, message: 'model is loading' }, { times: 1 });
    const error = await failure(client().transcribe(Buffer.from('x'), voice));
    expect(error).toBeInstanceOf(SpeechToTextError);
    expect(error?.message).toBe('HTTP 503: model is loading');
    const refused = await failure(
      client({ apiKey: 'sk-wrong' }).transcribe(Buffer.from('x'), voice),
    );
    expect(refused?.message).toBe('HTTP 401: Incorrect API key provided');
  });

  it('gives up after its timeout, and says so', async () => {
    api.answer({ kind: 'hang' });
    const error = await failure(client({ timeoutMs: 300 }).transcribe(Buffer.from('x'), voice));
    expect(error?.message).toBe('no answer within 0.3 s');
  });

  it('says when nothing listens there', async () => {
    const gone = new SpeechToTextClient({
      url: 'http://127.0.0.1:9/v1/audio/transcriptions',
      apiKey: undefined,
      model: 'm',
      timeoutMs: 2_000,
    });
    expect((await failure(gone.transcribe(Buffer.from('x'), voice)))?.message).toMatch(
      /^cannot reach it/,
    );
  });
});
