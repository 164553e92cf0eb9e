import { createHmac } from 'node:crypto';
import { secretsEqual, signBody, signedHeaders, verifySignature } from './signature.util';

describe('signBody', () => {
  it('is HMAC-SHA256 over "timestamp.body", hex, prefixed with sha256=', () => {
    const expected = createHmac('sha256', 's3cret').update('1700000000.{"a":1}').digest('hex');
    expect(signBody('s3cret', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
  });
});

describe('verifySignature', () => {
  const now = 1_700_000_000_000;
  const body = '{"serverId":"kr4","type":"completed","project":"p"}';
  const headers = signedHeaders('s3cret', body, now);
  const ts = headers['x-ccr-timestamp'];
  const sig = headers['x-ccr-signature'];

  it('accepts a fresh signature over the same body', () => {
    expect(verifySignature('s3cret', ts, sig, body, now)).toEqual({ ok: true });
    expect(verifySignature('s3cret', ts, sig, Buffer.from(body), now + 299_000)).toEqual({
      ok: true,
    });
  });

  it('rejects another secret, another body and a missing header', () => {
    expect(verifySignature('other', ts, sig, body, now)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature('s3cret', ts, sig, `${body} `, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifySignature('s3cret', undefined, sig, body, now)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifySignature('s3cret', ts, undefined, body, now)).toEqual({
      ok: false,
      reason: 'missing',
    });
  });

  it('rejects timestamps more than 300 s away, either side', () => {
    expect(verifySignature('s3cret', ts, sig, body, now + 301_000)).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verifySignature('s3cret', ts, sig, body, now - 301_000)).toEqual({
      ok: false,
      reason: 'stale',
    });
  });

  it('rejects a timestamp that is not whole seconds', () => {
    expect(verifySignature('s3cret', '17e8', sig, body, now)).toEqual({
      ok: false,
      reason: 'malformed-timestamp',
    });
  });
});

describe('secretsEqual', () => {
  it('is true only for identical strings', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abd')).toBe(false);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
    expect(secretsEqual('', 'a')).toBe(false);
  });
});
