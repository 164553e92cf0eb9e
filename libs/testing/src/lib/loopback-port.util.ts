import { Socket } from 'node:net';

/** Connects to 127.0.0.1:port and resolves with the first bytes the server sends, or undefined. */
export function readGreeting(port: number, timeoutMs = 1_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (value: string | undefined): void => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('data', (chunk: Buffer) => done(chunk.toString('latin1')));
    socket.once('error', () => done(undefined));
    socket.once('close', () => done(undefined));
    socket.connect(port, '127.0.0.1');
  });
}
