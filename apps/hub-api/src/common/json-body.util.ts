import type { Request } from 'express';

export type ParsedBody = { ok: true; value: unknown } | { ok: false; error: string };

const parsed = new WeakMap<Request, ParsedBody>();

/**
 * The request's raw body parsed as JSON, once per request: the signature guard needs the
 * server id before the controller sees the body, and the signature is over the raw bytes.
 */
export function parseJsonBody(request: Request): ParsedBody {
  const cached = parsed.get(request);
  if (cached) return cached;
  let result: ParsedBody;
  const raw: unknown = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    result = { ok: false, error: 'body: a JSON object is required' };
  } else {
    try {
      result = { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
    } catch {
      result = { ok: false, error: 'body: malformed JSON' };
    }
  }
  parsed.set(request, result);
  return result;
}
