import { FIELD_LIMITS } from './notify-payload';

/*
 * The one set of tmux target rules: remote-hook leaves out a part the hub would refuse, the hub
 * validates what it stores, and the executor refuses any other target before it runs tmux.
 */
const PANE_ID_PATTERN = new RegExp(`^%\\d{1,${FIELD_LIMITS.tmuxPane - 1}}$`);
const WINDOW_PATTERN = new RegExp(`^\\d{1,${FIELD_LIMITS.tmuxWindow}}$`);
/*
 * Control and format characters (including bidi overrides) could hide what a target really
 * is in logs and messages; `:` and `.` separate session, window and pane in a tmux target, so
 * a name containing them would point somewhere else.
 */
const SESSION_NAME_PATTERN = new RegExp(
  `^[^\\p{C}\\p{Zl}\\p{Zp}:.]{1,${FIELD_LIMITS.tmuxSession}}$`,
  'u',
);

/** A pane id as tmux prints it with `#D`: `%` and digits. */
export function isValidTmuxPaneId(value: unknown): value is string {
  return typeof value === 'string' && PANE_ID_PATTERN.test(value);
}

/** A window index as tmux prints it with `#I`. */
export function isValidTmuxWindow(value: unknown): value is string {
  return typeof value === 'string' && WINDOW_PATTERN.test(value);
}

/**
 * A tmux session name the hub stores and shows. Only its pane id is typed into; a name is used
 * in a target only when isValidTmuxTarget also takes it.
 */
export function isValidTmuxSessionName(value: unknown): value is string {
  return typeof value === 'string' && SESSION_NAME_PATTERN.test(value);
}

/*
 * In a target, tmux reads `=`, `{…}`, `~`, `!`, `$`, `@`, `%` and glob characters in a session
 * name as something else (exact match, special panes, ids, patterns), and `:` and `.` as the
 * separators: only a plain name keeps a target from ever meaning another pane.
 */
const PLAIN_SESSION = `[A-Za-z0-9_][A-Za-z0-9_-]{0,${FIELD_LIMITS.tmuxSession - 1}}`;
const INDEX = `\\d{1,${FIELD_LIMITS.tmuxWindow}}`;
const SESSION_TARGET_PATTERN = new RegExp(`^${PLAIN_SESSION}(?::${INDEX}(?:\\.${INDEX})?)?$`);
const PLAIN_SESSION_PATTERN = new RegExp(`^${PLAIN_SESSION}$`);

/**
 * A tmux session name that means exactly that session wherever tmux reads a target: letters,
 * digits, `_` and `-`, not starting with `-`. The sessions the hub opens windows in are named so.
 */
export function isPlainTmuxSessionName(value: unknown): value is string {
  return typeof value === 'string' && PLAIN_SESSION_PATTERN.test(value);
}

/**
 * What the executor types into: a pane id (`%3`), or `session`, `session:window` or
 * `session:window.pane` with a plain session name and numeric indexes.
 */
export function isValidTmuxTarget(value: unknown): value is string {
  return (
    isValidTmuxPaneId(value) || (typeof value === 'string' && SESSION_TARGET_PATTERN.test(value))
  );
}
