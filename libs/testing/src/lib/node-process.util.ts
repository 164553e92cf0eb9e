import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { StringDecoder } from 'node:string_decoder';

export interface RunNodeOptions {
  /** Written to the child's stdin, which is then closed (closed at once when absent). */
  stdin?: string;
  /** The child's whole environment (as Node's spawn), not added to this process's; default: this process's. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** The child and its own children are killed after this long; default 30 000. */
  timeoutMs?: number;
}

export interface RunNodeResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** True when the child was killed for running past `timeoutMs`. */
  timedOut: boolean;
}

export interface StartNodeAppOptions {
  /** The app's whole environment (as Node's spawn), not added to this process's. */
  env: NodeJS.ProcessEnv;
  /** Polled until it answers 200 (plain http). */
  readyUrl: string;
  /** How long the app may take to answer 200; default 30 000. */
  timeoutMs?: number;
  cwd?: string;
  args?: string[];
}

export interface AppProcess {
  readonly pid: number;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /**
   * Sends `signal` and waits for the exit; after `timeoutMs`, kills it with SIGKILL. Anything
   * the app left running in its process group is killed too. Resolves with the exit code
   * (null when a signal ended it).
   */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL to the app and its process group, then waits for the exit. */
  kill(): Promise<void>;
  /** Resolves with the exit code (null when a signal ended it) once the app has exited. */
  readonly exited: Promise<number | null>;
}

/** Kept as long as the output of an app is kept, so a chatty app cannot eat the memory. */
const MAX_OUTPUT_CHARS = 2_000_000;

/** Children still running; killed when this process exits, should a test forget one. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const leftover of running) killGroup(leftover, 'SIGKILL');
    });
  }
}

/**
 * Each child leads its own process group (spawned detached), so a signal to the group also
 * reaches whatever it started.
 */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

function spawnNode(
  script: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; stdin: boolean },
): ChildProcess {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
  });
  track(child);
  return child;
}

/** Runs a Node script to its end, collecting what it prints. */
export function runNode(
  script: string,
  args: readonly string[] = [],
  options: RunNodeOptions = {},
): Promise<RunNodeResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = performance.now();
  return new Promise<RunNodeResult>((resolve, reject) => {
    const child = spawnNode(script, args, { env: options.env, cwd: options.cwd, stdin: true });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    // A child that exits without reading its stdin makes the write fail with EPIPE: not our error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? '');

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        durationMs: Math.round(performance.now() - started),
        timedOut,
      });
    });
  });
}

/** The HTTP status `url` answers with, or an error when nothing answers. */
function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // No agent: a pooled keep-alive socket would outlive the app and the test.
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end();
  });
}

function sleep(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let done: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    promise,
    cancel: () => {
      clearTimeout(timer);
      done();
    },
  };
}

/**
 * Starts a long-running built app (`dist/apps/hub-api/main.js`) and resolves once `readyUrl`
 * answers 200. Fails at once, with the app's output, when the app exits first; on timeout the
 * app is killed and the output is in the error.
 */
export async function startNodeApp(
  script: string,
  options: StartNodeAppOptions,
): Promise<AppProcess> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const child = spawnNode(script, options.args ?? [], {
    env: options.env,
    cwd: options.cwd,
    stdin: false,
  });

  let output = '';
  const append = (text: string): void => {
    output += text;
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
  };
  for (const stream of [child.stdout, child.stderr]) {
    const decoder = new StringDecoder('utf8');
    stream?.on('data', (chunk: Buffer) => append(decoder.write(chunk)));
    stream?.on('end', () => append(decoder.end()));
  }

  let hasExited = false;
  let spawnError: Error | undefined;
  const exited = new Promise<number | null>((resolve) => {
    let code: number | null = null;
    child.once('error', (error) => {
      spawnError = error;
      hasExited = true;
      resolve(null);
    });
    child.once('exit', (exitCode) => {
      code = exitCode;
      hasExited = true;
      // Whatever the app started and left behind in its group goes with it.
      killGroup(child, 'SIGKILL');
    });
    // 'close' comes once the output pipes are drained, so output() is complete after `exited`.
    child.once('close', () => resolve(code));
  });

  const pid = child.pid ?? 0;
  const app: AppProcess = {
    pid,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', stopTimeoutMs = 10_000) {
      if (hasExited) return exited;
      try {
        child.kill(signal);
      } catch {
        // It exited in between.
      }
      const grace = sleep(stopTimeoutMs);
      const code = await Promise.race([exited, grace.promise.then(() => 'timeout' as const)]);
      grace.cancel();
      if (code !== 'timeout') return code;
      killGroup(child, 'SIGKILL');
      return exited;
    },
    async kill() {
      if (!hasExited) killGroup(child, 'SIGKILL');
      await exited;
    },
  };

  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  for (;;) {
    if (hasExited) {
      const code = await exited;
      const why = spawnError
        ? `could not start (${spawnError.message})`
        : `exited with code ${code}`;
      throw new Error(
        `${script} ${why} before ${options.readyUrl} answered 200.\n--- output ---\n${output}`,
      );
    }
    try {
      const status = await httpStatus(options.readyUrl, 2_000);
      if (status === 200) return app;
      lastProblem = `answered ${status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() >= deadline) {
      await app.kill();
      throw new Error(
        `${script} did not answer 200 on ${options.readyUrl} within ${timeoutMs} ms (${lastProblem}); it was killed.\n--- output ---\n${output}`,
      );
    }
    const pause = sleep(100);
    await Promise.race([pause.promise, exited]);
    pause.cancel();
  }
}
