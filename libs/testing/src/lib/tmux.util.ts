import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './wait-for.util';
import { isAlive, killPids } from './process-tree.util';
import { removeDir } from './temp-dir.util';

export type StandInEvent =
  { type: 'submit'; text: string; pasted: boolean } | { type: 'key'; key: string };

export interface TmuxResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StandInPane {
  /** `%N`, as the executor targets it. */
  readonly paneId: string;
  readonly session: string;
  /** The stand-in's pid, once it is ready. */
  readonly pid: number;
  readonly eventsPath: string;
  /** Everything recorded so far. */
  events(): StandInEvent[];
  /** The texts submitted with Enter so far. */
  submissions(): string[];
  /** Waits until at least `count` events were recorded and returns all of them. */
  waitForEvents(count: number, timeoutMs?: number): Promise<StandInEvent[]>;
  /** Every byte the stand-in read from its terminal, paste markers included. */
  rawInput(): Buffer;
}

export interface StandInOptions {
  /** Ask for bracketed paste, as Claude Code does. Default true. */
  bracketedPaste?: boolean;
  width?: number;
  height?: number;
}

export interface TmuxServerUser {
  name: string;
  uid: number;
  gid: number;
}

export interface NewPaneOptions {
  /** The pane's working folder. */
  cwd?: string;
  width?: number;
  height?: number;
}

export interface TestTmuxServer {
  /** Pass as `tmux -S <socketPath>`; the user's default tmux server is never touched. */
  readonly socketPath: string;
  /** The user the server and its panes run as; undefined: this process's user. */
  readonly user?: TmuxServerUser;
  /** A temporary folder owned by the server's user: stand-in files, canary files… */
  readonly dir: string;
  /** Runs tmux on this server, as its user. */
  tmux(args: readonly string[]): Promise<TmuxResult>;
  /** Opens a new session (`t<N>`) whose one pane runs `command` (an argv, no shell). */
  newPane(
    command: readonly string[],
    options?: NewPaneOptions,
  ): Promise<{ session: string; paneId: string }>;
  /** Opens a new session whose pane runs the Claude stand-in, and waits until it reads input. */
  startStandIn(options?: StandInOptions): Promise<StandInPane>;
  /**
   * A pane whose program swallows all input (raw mode, so no key such as C-c ends it), for
   * tests that only need a pane to exist or vanish.
   */
  startIdlePane(): Promise<string>;
  /** Kills the tmux server and everything in it, and deletes the folder. */
  dispose(): Promise<void>;
}

export interface TmuxServerOptions {
  /** Runs the tmux server (and its panes) as this user, so that an SSH login as them reaches it. */
  user?: TmuxServerUser;
}

const STAND_IN_SOURCE = join(__dirname, 'claude-stand-in.cjs');

function execTmux(argv: readonly string[]): Promise<TmuxResult> {
  const [program = 'tmux', ...args] = argv;
  return new Promise((resolve) => {
    execFile(program, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A private tmux server on a socket in a temporary folder (`tmux -S`), never the user's own,
 * with helpers to run the Claude stand-in in its panes.
 */
export async function startTmuxServer(options: TmuxServerOptions = {}): Promise<TestTmuxServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ccr-tmux-'));
  const { user } = options;
  const socketPath = join(dir, 'tmux.sock');
  const script = join(dir, 'claude-stand-in.cjs');
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    chmodSync(dir, 0o755);
    copyFileSync(STAND_IN_SOURCE, script);
    chmodSync(script, 0o644);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let serverPid: number | undefined;
  let counter = 0;

  const tmux = (args: readonly string[]): Promise<TmuxResult> => {
    const base = ['tmux', '-S', socketPath, '-f', '/dev/null', ...args];
    return execTmux(user ? ['runuser', '-u', user.name, '--', ...base] : base);
  };

  const must = async (args: readonly string[]): Promise<string> => {
    const result = await tmux(args);
    if (result.code !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr.trim()}`);
    return result.stdout.trim();
  };

  const newSession = async (
    command: readonly string[],
    options: NewPaneOptions = {},
  ): Promise<{ session: string; paneId: string }> => {
    counter += 1;
    const session = `t${counter}`;
    const paneId = await must([
      'new-session',
      '-d',
      '-s',
      session,
      '-x',
      String(options.width ?? 200),
      '-y',
      String(options.height ?? 50),
      ...(options.cwd === undefined ? [] : ['-c', options.cwd]),
      '-P',
      '-F',
      '#{pane_id}',
      '--',
      ...command,
    ]);
    serverPid ??= Number(await must(['display-message', '-p', '#{pid}']));
    return { session, paneId };
  };

  const startStandIn = async (standIn: StandInOptions = {}): Promise<StandInPane> => {
    const name = `stand-in-${counter + 1}-${randomBytes(3).toString('hex')}`;
    const eventsPath = join(dir, `${name}.jsonl`);
    const readyPath = join(dir, `${name}.ready`);
    const args = [process.execPath, script, eventsPath, readyPath];
    if (standIn.bracketedPaste !== false) args.push('--bracketed-paste');
    const { session, paneId } = await newSession(args, standIn);
    const pid = await waitFor(
      () => {
        const written = existsSync(readyPath) ? readFileSync(readyPath, 'utf8') : '';
        return /^\d+$/.test(written) ? Number(written) : undefined;
      },
      { timeoutMs: 10_000, what: `the stand-in in pane ${paneId} to be ready` },
    );
    const events = (): StandInEvent[] =>
      readFileSync(eventsPath, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as StandInEvent);
    return {
      paneId,
      session,
      pid,
      eventsPath,
      events,
      submissions: () => events().flatMap((event) => (event.type === 'submit' ? [event.text] : [])),
      waitForEvents: (count, timeoutMs = 10_000) =>
        waitFor(() => events().length >= count && events(), {
          timeoutMs,
          what: `${count} event(s) from the stand-in in pane ${paneId}`,
        }),
      rawInput: () =>
        existsSync(`${eventsPath}.raw`) ? readFileSync(`${eventsPath}.raw`) : Buffer.alloc(0),
    };
  };

  const startIdlePane = async (): Promise<string> => {
    const readyPath = join(dir, `idle-${counter + 1}-${randomBytes(3).toString('hex')}.ready`);
    // Keys are sent only once raw mode is on: before that a C-c would end the pane.
    const script = `stty raw -echo && : > "$1" && exec cat >/dev/null`;
    const { paneId } = await newSession(['sh', '-c', script, 'idle-pane', readyPath]);
    await waitFor(() => existsSync(readyPath), {
      timeoutMs: 10_000,
      what: `the idle pane ${paneId} to be ready`,
    });
    return paneId;
  };

  const dispose = async (): Promise<void> => {
    await tmux(['kill-server']);
    const pid = serverPid;
    if (pid !== undefined && isAlive(pid)) {
      killPids([pid], 'SIGKILL');
      await waitFor(() => !isAlive(pid), { timeoutMs: 5_000, what: 'tmux to end' });
    }
    // A hook Claude Code started in the background as it ended may still write to its spool.
    await removeDir(dir);
  };

  return {
    socketPath,
    user,
    dir,
    tmux,
    newPane: newSession,
    startStandIn,
    startIdlePane,
    dispose,
  };
}
