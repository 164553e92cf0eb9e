import type { Readable } from 'node:stream';

export interface StdinLimits {
  timeoutMs: number;
  maxBytes: number;
}

export interface StdinRead {
  text: string;
  /** False when the time or size bound cut the input short. */
  complete: boolean;
}

export type InputStream = Readable & { isTTY?: boolean };

/** Claude Code writes a small JSON document and closes the pipe; anything else is cut short. */
export const STDIN_LIMITS: StdinLimits = { timeoutMs: 1000, maxBytes: 1024 * 1024 };

/**
 * Reads the hook's input without ever waiting on it for longer than `timeoutMs`: a hook run
 * by hand from a terminal, or by a caller that keeps the pipe open, still gets on with it.
 */
export function readStdin(stream: InputStream, limits: StdinLimits): Promise<StdinRead> {
  if (stream.isTTY) return Promise.resolve({ text: '', complete: true });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (complete: boolean): void => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      // A stream left open would keep the process alive after the hook is done.
      if (!complete) stream.destroy();
      resolve({ text: Buffer.concat(chunks).toString('utf8'), complete });
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      size += buffer.length;
      if (size > limits.maxBytes) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onError = (): void => finish(false);
    const timer = setTimeout(() => finish(false), limits.timeoutMs);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}
