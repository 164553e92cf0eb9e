import { FIELD_LIMITS } from './notify-payload';

/*
 * What the hub accepts as a tmux target, shared by remote-hook (which leaves out a part the
 * hub would refuse) and the hub (which validates what it stores and later types into).
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

/** A tmux session name that is safe to use in a `-t` target. */
export function isValidTmuxSessionName(value: unknown): value is string {
  return typeof value === 'string' && SESSION_NAME_PATTERN.test(value);
}
