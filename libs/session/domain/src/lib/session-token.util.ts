import { randomInt } from 'node:crypto';

export const SESSION_TOKEN_LENGTH = 8;

/** Upper-case letters and digits: easy to read out and to type on a phone. */
export const SESSION_TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const TOKEN_PATTERN = new RegExp(`^[A-Z0-9]{${SESSION_TOKEN_LENGTH}}$`);

/**
 * A fresh token from the operating system's CSPRNG. `randomInt` rejects out-of-range draws
 * instead of taking a modulo, so every character is equally likely.
 */
export function generateSessionToken(): string {
  let token = '';
  for (let i = 0; i < SESSION_TOKEN_LENGTH; i++) {
    token += SESSION_TOKEN_ALPHABET[randomInt(SESSION_TOKEN_ALPHABET.length)];
  }
  return token;
}

/** True for a token in its stored form (upper case, exact length). */
export function isSessionToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}
