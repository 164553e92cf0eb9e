import { isValidTmuxTarget } from '@ccr/protocol';
import { ExecutorError, ExecutorErrorCode } from './executor.error';

/** Refuses, before anything runs, a target the protocol's one rule does not take. */
export function assertValidPaneTarget(target: string, serverId: string): void {
  if (!isValidTmuxTarget(target)) {
    throw new ExecutorError(
      ExecutorErrorCode.InvalidTarget,
      `"${String(target).slice(0, 80)}" is not a tmux pane on server "${serverId}": expected a ` +
        'pane id such as "%3" or "session:window.pane" such as "work:1.0".',
      { serverId },
    );
  }
}
