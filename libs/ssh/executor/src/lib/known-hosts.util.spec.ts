import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkHostKey,
  entriesForHost,
  keyTypeOfBlob,
  knownHostsName,
  parseKnownHosts,
  preferredHostKeyAlgorithms,
} from './known-hosts.util';

interface Key {
  type: string;
  base64: string;
  blob: Buffer;
  line: string;
}

let dir: string;
const keys: Record<'ed1' | 'ed2' | 'ecdsa' | 'rsa', Key> = {} as never;

function generate(name: string, type: string): Key {
  const path = join(dir, name);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048'] : []),
    '-N',
    '',
    '-f',
    path,
  ]);
  const [keyType, base64] = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/);
  return {
    type: keyType!,
    base64: base64!,
    blob: Buffer.from(base64!, 'base64'),
    line: `${keyType} ${base64}`,
  };
}

/** What OpenSSH itself finds for a name in a known_hosts file: the line numbers. */
function sshKeygenFind(file: string, name: string): number[] {
  try {
    const output = execFileSync('ssh-keygen', ['-F', name, '-f', file], { encoding: 'utf8' });
    return [...output.matchAll(/found: line (\d+)/g)].map((match) => Number(match[1]));
  } catch {
    return []; // exit status 1: not found
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ccr-known-hosts-'));
  keys.ed1 = generate('ed1', 'ed25519');
  keys.ed2 = generate('ed2', 'ed25519');
  keys.ecdsa = generate('ecdsa', 'ecdsa');
  keys.rsa = generate('rsa', 'rsa');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('knownHostsName', () => {
  it('is the bare host on port 22 and [host]:port elsewhere, lower-cased', () => {
    expect(knownHostsName('Example.COM', 22)).toBe('example.com');
    expect(knownHostsName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });
});

describe('keyTypeOfBlob', () => {
  it('reads the type inside a key blob', () => {
    expect(keyTypeOfBlob(keys.ed1.blob)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(keys.ecdsa.blob)).toBe('ecdsa-sha2-nistp256');
    expect(keyTypeOfBlob(keys.rsa.blob)).toBe('ssh-rsa');
  });

  it('gives up on garbage', () => {
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBeUndefined();
    expect(keyTypeOfBlob(Buffer.from([0, 0, 0, 200, 1]))).toBeUndefined();
  });
});

describe('parseKnownHosts', () => {
  it('reads plain, bracketed and listed hosts, skipping comments, blanks and bad lines', () => {
    const text = [
      '# a comment',
      '',
      `example.com ${keys.ed1.line} comment words`,
      `[127.0.0.1]:2222,other.example ${keys.ecdsa.line}`,
      `broken ssh-ed25519 not*base64`,
      `mismatched ssh-rsa ${keys.ed1.base64}`,
      `onlyhost`,
      `@bogus-marker host ${keys.ed1.line}`,
      `   indented ${keys.ed2.line}`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => e.line)).toEqual([3, 4, 9]);
    expect(entries[0]).toMatchObject({
      marker: undefined,
      hosts: { kind: 'patterns', patterns: ['example.com'] },
      keyType: 'ssh-ed25519',
      key: keys.ed1.blob,
    });
    expect(entries[1]!.hosts).toEqual({
      kind: 'patterns',
      patterns: ['[127.0.0.1]:2222', 'other.example'],
    });
  });

  it('reads markers', () => {
    const entries = parseKnownHosts(
      `@revoked a ${keys.ed1.line}\n@cert-authority *.x ${keys.ed2.line}\r\n`,
    );
    expect(entries.map((e) => e.marker)).toEqual(['revoked', 'cert-authority']);
  });

  it("matches the same lines as OpenSSH's own lookup, hashed or not", () => {
    const plain = join(dir, 'known_hosts_plain');
    const lines = [
      `example.com ${keys.ed1.line}`,
      `[127.0.0.1]:2222 ${keys.ed2.line}`,
      `*.wild.example,!bad.wild.example ${keys.ecdsa.line}`,
      `h?.example ${keys.rsa.line}`,
      `127.0.0.1 ${keys.ed1.line}`,
      `[127.0.0.1]:2223,ExAmPlE.org ${keys.ed2.line}`,
    ];
    writeFileSync(plain, `${lines.join('\n')}\n`);
    const hashed = join(dir, 'known_hosts_hashed');
    writeFileSync(hashed, readFileSync(plain));
    // -H hashes every host name it can (not the wildcard line), as `HashKnownHosts yes` would.
    execFileSync('ssh-keygen', ['-H', '-f', hashed], { stdio: 'ignore' });
    expect(readFileSync(hashed, 'utf8')).toContain('|1|');

    const names: Array<[string, number]> = [
      ['example.com', 22],
      ['EXAMPLE.com', 22],
      ['127.0.0.1', 2222],
      ['127.0.0.1', 22],
      ['127.0.0.1', 2223],
      ['127.0.0.1', 2224],
      ['a.wild.example', 22],
      ['bad.wild.example', 22],
      ['h1.example', 22],
      ['h12.example', 22],
      ['example.org', 22],
      ['nowhere', 22],
    ];
    for (const file of [plain, hashed]) {
      const entries = parseKnownHosts(readFileSync(file, 'utf8'));
      for (const [host, port] of names) {
        const ours = entriesForHost(entries, host, port).map((entry) => entry.line);
        expect({ file, host, port, lines: ours }).toEqual({
          file,
          host,
          port,
          lines: sshKeygenFind(file, knownHostsName(host, port)),
        });
      }
    }
  });
});

describe('checkHostKey', () => {
  const at = (text: string) => parseKnownHosts(text);

  it('knows a listed key', () => {
    const entries = at(`[h]:2222 ${keys.ed1.line}\n`);
    expect(checkHostKey(entries, 'h', 2222, keys.ed1.blob)).toEqual({ status: 'known', line: 1 });
  });

  it('calls another key of the same type a mismatch', () => {
    const entries = at(`[h]:2222 ${keys.ed1.line}\n`);
    expect(checkHostKey(entries, 'h', 2222, keys.ed2.blob)).toEqual({
      status: 'mismatch',
      knownTypes: ['ssh-ed25519'],
      lines: [1],
    });
  });

  it('calls a key of another type a mismatch too', () => {
    const entries = at(`[h]:2222 ${keys.ecdsa.line}\n`);
    expect(checkHostKey(entries, 'h', 2222, keys.ed1.blob)).toMatchObject({
      status: 'mismatch',
      knownTypes: ['ecdsa-sha2-nistp256'],
    });
  });

  it('accepts any of several listed keys', () => {
    const entries = at(`[h]:2222 ${keys.ecdsa.line}\n[h]:2222 ${keys.ed1.line}\n`);
    expect(checkHostKey(entries, 'h', 2222, keys.ed1.blob)).toEqual({ status: 'known', line: 2 });
  });

  it('does not know a host listed only under another port or name', () => {
    const entries = at(`h ${keys.ed1.line}\n[h]:2223 ${keys.ed1.line}\nother ${keys.ed1.line}\n`);
    expect(checkHostKey(entries, 'h', 2222, keys.ed1.blob)).toEqual({ status: 'unknown' });
  });

  it('refuses a revoked key even when it is also listed', () => {
    const entries = at(`h ${keys.ed1.line}\n@revoked * ${keys.ed1.line}\n`);
    expect(checkHostKey(entries, 'h', 22, keys.ed1.blob)).toEqual({ status: 'revoked', line: 2 });
  });

  it('does not take a certificate authority line for a host key', () => {
    const entries = at(`@cert-authority h ${keys.ed1.line}\n`);
    expect(checkHostKey(entries, 'h', 22, keys.ed1.blob)).toEqual({ status: 'unknown' });
  });
});

describe('preferredHostKeyAlgorithms', () => {
  it('puts the types known for the host first', () => {
    const entries = parseKnownHosts(`[h]:2222 ${keys.ecdsa.line}\n`);
    const order = preferredHostKeyAlgorithms(entries, 'h', 2222)!;
    expect(order[0]).toBe('ecdsa-sha2-nistp256');
    expect(order).toContain('ssh-ed25519');
    expect(new Set(order).size).toBe(order.length);
  });

  it('offers every RSA signature algorithm for an ssh-rsa key', () => {
    const entries = parseKnownHosts(`h ${keys.rsa.line}\n`);
    expect(preferredHostKeyAlgorithms(entries, 'h', 22)!.slice(0, 3)).toEqual([
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
  });

  it('leaves the default order when nothing is known', () => {
    expect(preferredHostKeyAlgorithms([], 'h', 22)).toBeUndefined();
  });
});
