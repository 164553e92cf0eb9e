import { isValidTmuxPaneId, isValidTmuxSessionName, isValidTmuxWindow } from '@ccr/protocol';

/** Where a session's Claude runs, as stored: each part is either valid or null. */
export interface StoredTmuxLocation {
  session: string | null;
  window: string | null;
  pane: string | null;
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
