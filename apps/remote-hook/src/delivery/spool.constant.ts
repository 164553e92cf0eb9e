/** The spool holds signed-to-be events: only the owner may read it. */
export const SPOOL_DIR_MODE = 0o700;
export const SPOOL_FILE_MODE = 0o600;

/** Events the hub answered with a 4xx it will never change its mind about. */
export const REJECTED_DIR_NAME = 'rejected';

/** `<ms since epoch, 15 digits>-<sequence, 6 digits>-<uuid>.json`: lexical order is event order. */
export const SPOOL_ENTRY_PATTERN = /^(\d{15})-(\d{6})-[0-9a-f-]{36}\.json$/;

/** A temporary file older than this was left by a run that died mid-write. */
export const ABANDONED_TEMP_FILE_MS = 60 * 60 * 1000;
