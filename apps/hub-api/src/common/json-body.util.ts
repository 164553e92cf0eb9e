export type ParsedBody =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: string };

/** A request body that must be one JSON object, with what is wrong when it is not. */
export function parseJsonObject(raw: Buffer): ParsedBody {
  if (raw.length === 0) return { ok: false, error: 'body: a JSON object is required' };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, error: 'body: malformed JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'body: must be a JSON object' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
