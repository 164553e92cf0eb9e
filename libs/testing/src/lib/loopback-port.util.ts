import { Socket, type AddressInfo, type Server } from 'node:net';

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

/** Starts `server` listening on a free port of 127.0.0.1; resolves with the port. */
export function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
