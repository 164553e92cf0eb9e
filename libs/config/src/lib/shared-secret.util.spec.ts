import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSharedSecret, secretProblem } from './shared-secret.util';

describe('secretProblem', () => {
  it.each([
    'REPLACE_WITH_SECURE_SECRET',
    'replace-with-your-secret',
    'CHANGE_ME_0123456789abcdef',
    'changeme0123456789abcdef',
    'your-secret-here-0123456789',
    'a-long-shared-secret-goes-here',
  ])('refuses the placeholder %s', (value) => {
    expect(secretProblem(value)).toMatch(/^is a placeholder: /);
  });

  it('refuses a short or a huge secret, and takes a generated one', () => {
    expect(secretProblem('s'.repeat(15))).toMatch(/^must be at least 16 characters/);
    expect(secretProblem('s'.repeat(1025))).toBe('must be at most 1024 characters');
    expect(secretProblem('0123456789abcdef'.repeat(4))).toBeUndefined();
    expect(secretProblem('s'.repeat(16))).toBeUndefined();
  });
});

describe('resolveSharedSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ccr-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers SHARED_SECRET and writes nothing', () => {
    expect(resolveSharedSecret('s'.repeat(32), join(dir, 'data'))).toEqual({
      value: 's'.repeat(32),
      source: 'env',
    });
    expect(() => statSync(join(dir, 'data'))).toThrow();
  });

  it('generates a 64-hex secret readable by its owner only, then keeps it', () => {
    const data = join(dir, 'data');
    const first = resolveSharedSecret(undefined, data);
    expect(first.source).toBe('generated');
    expect(first.value).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.path!, 'utf8').trim()).toBe(first.value);

    const second = resolveSharedSecret(undefined, data);
    expect(second).toEqual({ value: first.value, source: 'file', path: first.path });
  });

  it('refuses a secret file that was cut short', () => {
    writeFileSync(join(dir, 'shared-secret'), 'abc\n');
    expect(() => resolveSharedSecret(undefined, dir)).toThrow(
      /shared-secret: must be at least 16 characters .*; delete the file and the hub makes a new one$/,
    );
  });
});
