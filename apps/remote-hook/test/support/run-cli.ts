import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** The bundle `npx nx build remote-hook` writes: what users install. */
export const BUILT_CLI = resolve(WORKSPACE_ROOT, 'dist/apps/remote-hook/main.js');

export function assertBuilt(): void {
  if (!existsSync(BUILT_CLI)) {
    throw new Error(`${BUILT_CLI} is missing: run "npx nx build remote-hook" first`);
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: Record<string, string>;
  cwd: string;
  /** Written to stdin, which is then closed; undefined: stdin is /dev/null. */
  stdin?: string;
  /** Kill after this long: a run that hangs fails its test instead of hanging it. */
  killAfterMs?: number;
}

/** Runs a program as a child process with nothing of the test's own environment. */
export function runProcess(
  file: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}

/** `node dist/apps/remote-hook/main.js …` */
export function runBuiltCli(args: readonly string[], options: RunOptions): Promise<CliRun> {
  return runProcess(process.execPath, [BUILT_CLI, ...args], options);
}
