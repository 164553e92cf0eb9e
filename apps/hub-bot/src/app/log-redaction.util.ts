/** What a bot token looks like inside a Bot API URL (`…/bot123:AA…/getUpdates`). */
const TOKEN_IN_URL = /bot\d+:[A-Za-z0-9_-]+/g;
export const REDACTED = '[redacted]';

/**
 * Text with the given secrets, and anything shaped like a bot token in a URL, replaced.
 * Network errors of the Telegram client quote the request URL, which holds the token.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let result = text.replace(TOKEN_IN_URL, `bot${REDACTED}`);
  for (const secret of secrets) {
    if (secret.length > 0) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/**
 * A copy of a log argument with every string in it redacted, down to a few levels (log
 * objects are shallow). Errors become plain objects first, so their message and stack are
 * covered too.
 */
export function redactValue(value: unknown, secrets: readonly string[], depth = 4): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (depth <= 0 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth - 1));
  const source: Record<string, unknown> =
    value instanceof Error
      ? { ...value, type: value.name, message: value.message, stack: value.stack }
      : (value as Record<string, unknown>);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    copy[key] = redactValue(item, secrets, depth - 1);
  }
  return copy;
}
