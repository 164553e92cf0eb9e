import { FIELD_LIMITS } from '@ccr/protocol';

/** Where a session's Claude runs, as stored: each part is either valid or null. */
export interface StoredTmuxLocation {
  session: string | null;
  window: string | null;
  pane: string | null;
}

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

/**
 * Keeps the parts of a reported tmux location that are valid targets. Targets are later
 * passed to tmux over SSH, so anything doubtful is dropped here, before it is stored.
 */
export function sanitizeTmuxLocation(
  raw: { session?: unknown; window?: unknown; pane?: unknown } | null | undefined,
): StoredTmuxLocation {
  return {
    session: isValidTmuxSessionName(raw?.session) ? raw.session : null,
    window: isValidTmuxWindow(raw?.window) ? raw.window : null,
    pane: isValidTmuxPaneId(raw?.pane) ? raw.pane : null,
  };
}

/** True when the location has at least one usable part. */
export function hasTmuxLocation(location: StoredTmuxLocation): boolean {
  return location.session !== null || location.window !== null || location.pane !== null;
}
