import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-ccr-timestamp';
export const SIGNATURE_HEADER = 'x-ccr-signature';
/** The original plain-secret header; still accepted. */
export const SHARED_SECRET_HEADER = 'x-shared-secret';

/** A signed request is rejected when its timestamp is further than this from the hub's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const SIGNATURE_PREFIX = 'sha256=';

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>` */
export function signBody(secret: string, timestamp: string, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return SIGNATURE_PREFIX + hmac.digest('hex');
}

/** Headers for a signed request, timestamp in whole seconds since the epoch. */
export function signedHeaders(
  secret: string,
  body: string,
  nowMs: number = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: signBody(secret, timestamp, body),
  };
}

/**
 * Compares two secrets in time that does not depend on where they differ, nor on their
 * lengths (both sides are hashed to a fixed size first).
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

export type SignatureCheck =
  { ok: true } | { ok: false; reason: 'missing' | 'malformed-timestamp' | 'stale' | 'mismatch' };

/** Checks a signed request. The reason is for logs only: callers answer a bare 401. */
export function verifySignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string | Buffer,
  nowMs: number = Date.now(),
): SignatureCheck {
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'malformed-timestamp' };
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = signBody(secret, timestamp, body);
  return secretsEqual(signature, expected) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
