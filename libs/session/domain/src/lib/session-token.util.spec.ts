import {
  SESSION_TOKEN_ALPHABET,
  SESSION_TOKEN_LENGTH,
  generateSessionToken,
  isSessionToken,
} from './session-token.util';

describe('generateSessionToken', () => {
  it('makes 8 characters of A-Z and 0-9', () => {
    expect(SESSION_TOKEN_LENGTH).toBe(8);
    expect(SESSION_TOKEN_ALPHABET).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
    for (let i = 0; i < 200; i++) {
      expect(generateSessionToken()).toMatch(/^[A-Z0-9]{8}$/);
    }
  });

  it('does not repeat itself', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => generateSessionToken()));
    expect(tokens.size).toBe(2000);
  });

  it('uses the whole alphabet', () => {
    // 36 symbols over 16,000 draws: missing one by chance has odds far below 1e-100.
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const c of generateSessionToken()) seen.add(c);
    expect([...seen].sort().join('')).toBe([...SESSION_TOKEN_ALPHABET].sort().join(''));
  });
});

describe('isSessionToken', () => {
  it('accepts the stored form only', () => {
    expect(isSessionToken('AB12CD34')).toBe(true);
    expect(isSessionToken(generateSessionToken())).toBe(true);
    expect(isSessionToken('ab12cd34')).toBe(false);
    expect(isSessionToken('AB12CD3')).toBe(false);
    expect(isSessionToken(12345678)).toBe(false);
    expect(isSessionToken(undefined)).toBe(false);
  });
});
