import type { Backoff } from '@ccr/shared-util';

/** Longest wait for `POST /permissions`: the hub stores the request and answers at once. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** Longest wait for `POST /permissions/answered-on-server`, after the terminal answered. */
export const ANSWERED_REPORT_TIMEOUT_MS = 5_000;

/**
 * Added to a long poll's `waitSeconds` for its HTTP timeout: the hub answers when the wait is
 * over, and the answer still has to travel.
 */
export const POLL_SLACK_MS = 5000;

/** Pause after a poll that failed (network, 5xx, 408, 429), doubling up to the last. */
export const RETRY_BACKOFF: Backoff = { firstMs: 250, maxMs: 2000 };

/**
 * A poll answered "pending" sooner than this is not followed by the next one before it, so a
 * hub that answers at once instead of holding the poll is not asked in a tight loop.
 */
export const MIN_POLL_INTERVAL_MS = 1000;

/** Bound on the name of who answered, which Claude reads in a deny message. */
export const DECIDED_BY_LIMIT = 64;

/** Bound on Claude Code's permission mode (`default`, `acceptEdits`, …). */
export const PERMISSION_MODE_LIMIT = 64;

/** A tool input cut to fit is never cut below this many characters of JSON to fit the body. */
export const MIN_TOOL_INPUT_CHARS = 1024;

/**
 * The key of the only field of a tool input whose fields could not be cut to fit (thousands
 * of small fields): its JSON, cut.
 */
export const CUT_TOOL_INPUT_KEY = '…';
