import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { TestTmuxServer } from './tmux.util';
import { waitFor } from './wait-for.util';

/** A person's terminal attached to a tmux session of a test server. */
export interface AttachedTmuxClient {
  /** Types these bytes on the client's keyboard, as a person would. */
  type(keys: string): Promise<void>;
  /** Detaches and ends the client. */
  detach(): Promise<void>;
}

function attachedClients(server: TestTmuxServer, session: string): Promise<number> {
  return server
    .tmux(['list-clients', '-t', session, '-F', '#{client_tty}'])
    .then((result) => (result.code === 0 ? result.stdout.split('\n').filter(Boolean).length : 0));
}

/**
 * Attaches a tmux client to `session` through a pseudo-terminal (`script`), the way a person's
 * terminal is attached: what `type` writes is input tmux reads from a client, so that tmux's
 * activity times move as they do when someone types, unlike `send-keys`.
 */
export async function attachTmuxClient(
  server: TestTmuxServer,
  session: string,
): Promise<AttachedTmuxClient> {
  const before = await attachedClients(server, session);
  const attach = `exec tmux -S '${server.socketPath}' -f /dev/null attach-session -t '${session}'`;
  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    'script',
    ['-qfec', attach, '/dev/null'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: process.env['PATH'], TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    },
  );
  // Its screen is of no interest; read it so that the pipe never fills.
  child.stdout.resume();
  child.stderr.resume();
  let failed: Error | undefined;
  child.once('error', (error) => (failed = error));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  await waitFor(
    async () => {
      // `script` comes with util-linux (Debian's bsdutils): without it there is no terminal.
      if (failed) throw new Error(`cannot run script to attach a tmux client: ${failed.message}`);
      return (await attachedClients(server, session)) > before;
    },
    { timeoutMs: 10_000, what: `a client attached to tmux session ${session}` },
  );
  return {
    type: (keys) =>
      new Promise<void>((resolve, reject) =>
        child.stdin.write(keys, (error) => (error ? reject(error) : resolve())),
      ),
    detach: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
