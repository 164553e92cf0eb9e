import { PassThrough } from 'node:stream';
import { readStdin, type InputStream } from './read-stdin.util';

const limits = { timeoutMs: 200, maxBytes: 1024 };

describe('readStdin', () => {
  it('reads everything up to the end of the stream', async () => {
    const stream = new PassThrough();
    stream.write('{"hook_event_name":');
    stream.end('"Stop"}');
    await expect(readStdin(stream, limits)).resolves.toEqual({
      text: '{"hook_event_name":"Stop"}',
      complete: true,
    });
  });

  it('does not read a terminal', async () => {
    const stream: InputStream = Object.assign(new PassThrough(), { isTTY: true });
    await expect(readStdin(stream, limits)).resolves.toEqual({ text: '', complete: true });
  });

  it('gives up on a stream that never ends, and closes it', async () => {
    const stream = new PassThrough();
    stream.write('{"partial":');
    const read = await readStdin(stream, limits);
    expect(read).toEqual({ text: '{"partial":', complete: false });
    expect(stream.destroyed).toBe(true);
  });

  it('stops reading past the size bound', async () => {
    const stream = new PassThrough();
    stream.write('x'.repeat(600));
    stream.write('x'.repeat(600));
    const read = await readStdin(stream, limits);
    expect(read.complete).toBe(false);
    expect(stream.destroyed).toBe(true);
  });
});
