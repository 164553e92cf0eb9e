import { ELLIPSIS, clipText } from '@ccr/shared-util';
import type { RunResult } from './command-runner.types';
import { STDERR_EXCERPT_CHARS } from './executor.constant';
import { ExecutorError, ExecutorErrorCode } from './executor.error';

/** tmux's words for a target or a whole tmux server that is not there. */
const GONE =
  /can't find (?:pane|window|session)|no server running|error connecting to|no current (?:client|target)|server exited/i;
/** What a POSIX shell says when the program is not installed (exit code 127). */
const NOT_FOUND = /not found|no such file or directory/i;

export function excerpt(stderr: string): string {
  const text = stderr.trim().replace(/\s+/g, ' ');
  return clipText(text, STDERR_EXCERPT_CHARS + ELLIPSIS.length);
}

export function isGoneStderr(stderr: string): boolean {
  return GONE.test(stderr);
}

/**
 * The error for a tmux command that exited non-zero: the pane is gone, tmux is missing, or
 * something else that the message quotes.
 */
export function tmuxFailure(
  result: RunResult,
  context: { serverId: string; pane?: string; label: string },
): ExecutorError {
  const { serverId, pane, label } = context;
  if (result.code === 127 && NOT_FOUND.test(result.stderr)) {
    return new ExecutorError(
      ExecutorErrorCode.TmuxMissing,
      `tmux is not installed on server "${serverId}" (or not on the PATH of the SSH user): ` +
        `${excerpt(result.stderr)}. Install tmux there or set the server's "tmuxPath".`,
      { serverId },
    );
  }
  if (pane !== undefined && isGoneStderr(result.stderr)) {
    return new ExecutorError(
      ExecutorErrorCode.PaneGone,
      `The tmux pane ${pane} on server "${serverId}" is gone (closed, or its tmux server ` +
        `stopped): ${excerpt(result.stderr)}. Start Claude again there, or pick another session.`,
      { serverId },
    );
  }
  return new ExecutorError(
    ExecutorErrorCode.TmuxFailed,
    `${label} failed on server "${serverId}" with exit code ${result.code ?? 'none'}: ` +
      `${excerpt(result.stderr) || 'no message'}`,
    { serverId },
  );
}
