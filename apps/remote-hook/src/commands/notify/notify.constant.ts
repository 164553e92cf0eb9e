/** Longest wait for git and tmux, and for reading the transcript, within the run's budget. */
export const CONTEXT_TIMEOUT_MS = 1000;

/** Longest wait for a run that holds the spool's lock to finish. */
export const LOCK_WAIT_MS = 1000;

/** A request with less time than this left is not started: it could not get an answer. */
export const MIN_REQUEST_MS = 100;

/** Bound on Claude Code's notification text and error fields, in characters. */
export const METADATA_TEXT_LIMIT = 2000;
