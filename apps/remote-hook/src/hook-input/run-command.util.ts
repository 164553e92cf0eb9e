import { execFile } from 'node:child_process';

export interface RunCommandOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
}

/**
 * Runs a program with an argument array (no shell) and a hard time bound. Its trimmed
 * standard output, or null when it is missing, fails or is too slow: callers fall back.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: RunCommandOptions,
): Promise<string | null> {
  return new Promise((resolve) => {
    try {
      execFile(
        file,
        args,
        {
          cwd: options.cwd,
          env: options.env,
          timeout: Math.max(1, Math.floor(options.timeoutMs)),
          killSignal: 'SIGKILL',
          maxBuffer: 64 * 1024,
          encoding: 'utf8',
          windowsHide: true,
        },
        (error, stdout) => resolve(error ? null : stdout.trim()),
      );
    } catch {
      resolve(null);
    }
  });
}
