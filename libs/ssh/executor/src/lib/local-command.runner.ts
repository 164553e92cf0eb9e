import { spawn } from 'node:child_process';
import type { CommandRunner, RunOptions, RunResult } from './command-runner.types';
import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { FileAccess } from './file-access.types';
import { LocalFileAccess } from './local-file.access';

/** Runs programs on the hub itself: `spawn` with an argument array, never a shell. */
export class LocalCommandRunner implements CommandRunner {
  private readonly localFiles: LocalFileAccess;

  constructor(
    private readonly serverId: string,
    homeDir?: string,
  ) {
    this.localFiles = new LocalFileAccess(serverId, homeDir);
  }

  /** The hub's own files: local calls finish or fail on their own, so no timeout is needed. */
  async files(): Promise<FileAccess> {
    return this.localFiles;
  }

  run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
    const [program, ...args] = argv;
    if (!program) return Promise.reject(new TypeError('argv must name a program'));
    return new Promise<RunResult>((resolve, reject) => {
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let settled = false;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };

      const child = spawn(program, args, { shell: false, stdio: ['pipe', 'pipe', 'pipe'] });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        settle(() =>
          reject(
            new ExecutorError(
              ExecutorErrorCode.CommandTimeout,
              `${options.label} did not finish within ${options.timeoutMs} ms on ` +
                `server "${this.serverId}" (the hub itself): is the tmux server hung?`,
              { serverId: this.serverId },
            ),
          ),
        );
      }, options.timeoutMs);

      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      // A program that exits without reading its stdin makes the write fail with EPIPE;
      // its exit code tells what went wrong.
      child.stdin.on('error', () => undefined);
      child.on('error', (error: NodeJS.ErrnoException) => {
        settle(() => reject(this.spawnError(program, error)));
      });
      child.on('close', (code) => {
        settle(() =>
          resolve({
            code,
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
          }),
        );
      });
      child.stdin.end(options.stdin ?? '');
    });
  }

  async prepare(): Promise<void> {
    // Nothing to open: every command is its own process.
  }

  async close(): Promise<void> {
    // Nothing held open between commands.
  }

  private spawnError(program: string, error: NodeJS.ErrnoException): ExecutorError {
    if (error.code === 'ENOENT' || error.code === 'EACCES') {
      return new ExecutorError(
        ExecutorErrorCode.TmuxMissing,
        `Cannot run "${program}" on server "${this.serverId}" (the hub itself): ` +
          `${error.code === 'ENOENT' ? 'not found' : 'permission denied'}. Install tmux or ` +
          'set the server\'s "tmuxPath".',
        { serverId: this.serverId, cause: error },
      );
    }
    return new ExecutorError(
      ExecutorErrorCode.TmuxFailed,
      `Cannot run "${program}" on server "${this.serverId}" (the hub itself): ${error.message}`,
      { serverId: this.serverId, cause: error },
    );
  }
}
