import { createHmac, timingSafeEqual } from 'node:crypto';

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  marker: 'revoked' | 'cert-authority' | undefined;
  /** Either the comma-separated patterns or a hashed name. */
  hosts: { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };
  keyType: string;
  /** The public key blob as the server sends it during key exchange. */
  key: Buffer;
  /** 1-based, for messages. */
  line: number;
}

export type HostKeyCheck =
  | { status: 'known'; line: number }
  | { status: 'revoked'; line: number }
  | { status: 'mismatch'; knownTypes: string[]; lines: number[] }
  | { status: 'unknown' };

/** ssh2's own order, used after the types known_hosts already has for the host. */
const DEFAULT_HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

/** An `ssh-rsa` key may be used with any of the RSA signature algorithms. */
const ALGORITHMS_FOR_KEY_TYPE: Record<string, readonly string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key type written inside an SSH public key blob (a length-prefixed string). */
export function keyTypeOfBlob(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || blob.length < 4 + length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

function parseHosts(field: string): KnownHostEntry['hosts'] | undefined {
  if (field.startsWith('|1|')) {
    const [salt, hash] = field.slice(3).split('|');
    if (!salt || !hash || !BASE64.test(salt) || !BASE64.test(hash)) return undefined;
    return { kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
  }
  const patterns = field.split(',').filter((pattern) => pattern !== '');
  return patterns.length > 0 ? { kind: 'patterns', patterns } : undefined;
}

/**
 * Reads the lines OpenSSH would use and skips the rest (comments, blank and malformed lines),
 * as ssh does. Markers are `@revoked` and `@cert-authority`.
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else return;
    }
    const [hostField, keyType, keyBase64] = fields;
    if (!hostField || !keyType || !keyBase64 || !BASE64.test(keyBase64)) return;
    const hosts = parseHosts(hostField);
    const key = Buffer.from(keyBase64, 'base64');
    if (!hosts || keyTypeOfBlob(key) !== keyType) return;
    entries.push({ marker, hosts, keyType, key, line: index + 1 });
  });
  return entries;
}

/** The name known_hosts files list a host under: `host` on port 22, else `[host]:port`. */
export function knownHostsName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

/** OpenSSH's wildcard match: `*` any run of characters, `?` any one character. */
function wildcardMatch(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .split('')
    .map((char) =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.+()[\]{}|]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 's').test(name);
}

function hostsMatch(hosts: KnownHostEntry['hosts'], name: string): boolean {
  if (hosts.kind === 'hashed') {
    const expected = createHmac('sha1', hosts.salt).update(name).digest();
    return expected.length === hosts.hash.length && timingSafeEqual(expected, hosts.hash);
  }
  let matched = false;
  for (const pattern of hosts.patterns) {
    const negated = pattern.startsWith('!');
    if (wildcardMatch(negated ? pattern.slice(1) : pattern, name)) {
      // A matching negation rules the line out whatever else matches, as in OpenSSH.
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** The entries that apply to a host and port. */
export function entriesForHost(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
): KnownHostEntry[] {
  const name = knownHostsName(host, port);
  return entries.filter((entry) => hostsMatch(entry.hosts, name));
}

/**
 * Compares the key the server presented with the entries for the host. Any listed key that is
 * not the presented one makes a mismatch, even of another type, because a server whose key
 * type changed deserves a look before it is trusted.
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  presented: Buffer,
): HostKeyCheck {
  const relevant = entriesForHost(entries, host, port).filter(
    (entry) => entry.marker !== 'cert-authority',
  );
  const revoked = relevant.find(
    (entry) => entry.marker === 'revoked' && entry.key.equals(presented),
  );
  if (revoked) return { status: 'revoked', line: revoked.line };
  const plain = relevant.filter((entry) => entry.marker === undefined);
  const known = plain.find((entry) => entry.key.equals(presented));
  if (known) return { status: 'known', line: known.line };
  if (plain.length === 0) return { status: 'unknown' };
  return {
    status: 'mismatch',
    knownTypes: [...new Set(plain.map((entry) => entry.keyType))],
    lines: plain.map((entry) => entry.line),
  };
}

/**
 * Host key algorithms to offer, those known_hosts already has for the host first, as ssh
 * does. Otherwise a server with several host keys could present one that is not listed and
 * look like a mismatch. Undefined when nothing is known (the library's default order then).
 */
export function preferredHostKeyAlgorithms(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
): string[] | undefined {
  const known = entriesForHost(entries, host, port)
    .filter((entry) => entry.marker === undefined)
    .flatMap((entry) => ALGORITHMS_FOR_KEY_TYPE[entry.keyType] ?? []);
  if (known.length === 0) return undefined;
  return [...new Set([...known, ...DEFAULT_HOST_KEY_ALGORITHMS])];
}
