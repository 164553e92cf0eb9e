import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveSharedSecret } from './shared-secret.util';

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
    expect(() => resolveSharedSecret(undefined, dir)).toThrow(/shorter than 16 characters/);
  });
});
