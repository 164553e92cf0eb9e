import { ExecutorError, ExecutorErrorCode } from './executor.error';

/** A pane id as tmux prints it in `#{pane_id}`: `%` and a number. */
const PANE_ID = /^%\d{1,9}$/;
/**
 * `session`, `session:window` or `session:window.pane` with a plain session name and numeric
 * indexes. tmux gives `=`, `{…}`, `~`, `!` and `.` special meanings inside targets, so a
 * stricter set keeps a target from ever meaning more than one pane.
 */
const SESSION_TARGET = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}(?::\d{1,5}(?:\.\d{1,5})?)?$/;

export function isValidPaneTarget(target: string): boolean {
  return PANE_ID.test(target) || SESSION_TARGET.test(target);
}

export function assertValidPaneTarget(target: string, serverId: string): void {
  if (typeof target !== 'string' || !isValidPaneTarget(target)) {
    throw new ExecutorError(
      ExecutorErrorCode.InvalidTarget,
      `"${String(target).slice(0, 80)}" is not a tmux pane on server "${serverId}": expected a ` +
        'pane id such as "%3" or "session:window.pane" such as "work:1.0".',
      { serverId },
    );
  }
}
