import type { FileAccess } from './file-access.types';

export interface RunOptions {
  /** What the command is for, in messages: `tmux send-keys`. */
  label: string;
  /** Written to the command's stdin, which is then closed. */
  stdin?: string;
  timeoutMs: number;
}

export interface RunResult {
  /** Null when the command ended by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one program with an argument array on one server. Resolves with the exit code and
 * output whatever the code; rejects with an ExecutorError when the program could not run or
 * did not finish in time.
 */
export interface CommandRunner {
  run(argv: readonly string[], options: RunOptions): Promise<RunResult>;
  /** The server's files, reached the way its commands are; each request bounded by `timeoutMs`. */
  files(timeoutMs: number): Promise<FileAccess>;
  /** Opens what `run` needs (an SSH connection), so that later timings leave it out. */
  prepare(): Promise<void>;
  close(): Promise<void>;
}
