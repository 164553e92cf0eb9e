import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { ConnectContext } from './ssh-error.util';
import { connectError, fingerprintOf } from './ssh-error.util';

const key = Buffer.concat([
  Buffer.from([0, 0, 0, 11]),
  Buffer.from('ssh-ed25519'),
  Buffer.alloc(36, 7),
]);

function ctx(extra: Partial<ConnectContext> = {}): ConnectContext {
  return {
    serverId: 'kr4',
    host: 'kr4.example',
    port: 2222,
    user: 'claude',
    keyPath: '/keys/id',
    knownHostsPath: '/hub/known_hosts',
    knownHostsMissing: false,
    connectTimeoutMs: 5000,
    ...extra,
  };
}

function sshError(message: string, fields: { level?: string; code?: string }): Error {
  return Object.assign(new Error(message), fields);
}

describe('connectError', () => {
  it('says which server, host and port refused, and what to check', () => {
    const error = connectError(
      sshError('connect ECONNREFUSED', { code: 'ECONNREFUSED', level: 'client-socket' }),
      ctx(),
    );
    expect(error).toMatchObject({ code: ExecutorErrorCode.ConnectionRefused, serverId: 'kr4' });
    expect(error.message).toMatch(/server "kr4" \(kr4\.example:2222\).*sshd runs there/);
  });

  it('maps the handshake timer to ConnectTimeout with the limit', () => {
    const error = connectError(
      sshError('Timed out while waiting for handshake', { level: 'client-timeout' }),
      ctx(),
    );
    expect(error.code).toBe(ExecutorErrorCode.ConnectTimeout);
    expect(error.message).toContain('5000 ms');
  });

  it('maps refused keys to AuthFailed naming the key and the user', () => {
    const error = connectError(
      sshError('All configured authentication methods failed', { level: 'client-authentication' }),
      ctx(),
    );
    expect(error.code).toBe(ExecutorErrorCode.AuthFailed);
    expect(error.message).toMatch(/\/keys\/id.*"claude".*authorized_keys/);
  });

  it('maps an unusable private key to AuthFailed', () => {
    const error = connectError(new Error('Cannot parse privateKey: Unsupported key format'), ctx());
    expect(error.code).toBe(ExecutorErrorCode.AuthFailed);
    expect(error.message).toContain('/keys/id');
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])(
    'maps %s to ServerUnreachable',
    (code) => {
      expect(connectError(sshError(code, { code }), ctx()).code).toBe(
        ExecutorErrorCode.ServerUnreachable,
      );
    },
  );

  it('does not call a server that hung up a timeout', () => {
    // node-ssh's rejection when the socket closes before "ready" carries code ETIMEDOUT.
    const error = connectError(sshError('No response from server', { code: 'ETIMEDOUT' }), ctx());
    expect(error.code).toBe(ExecutorErrorCode.ServerUnreachable);
    expect(error.message).toContain("sshd's log");
  });

  it('reports a host key mismatch with both fingerprints to compare and the fix', () => {
    const error = connectError(
      sshError('Host denied (verification failed)', { level: 'handshake' }),
      ctx({
        presentedKey: key,
        hostKeyCheck: { status: 'mismatch', knownTypes: ['ssh-ed25519'], lines: [3] },
      }),
    );
    expect(error.code).toBe(ExecutorErrorCode.HostKeyMismatch);
    expect(error.message).toContain(fingerprintOf(key));
    expect(error.message).toContain('line 3');
    expect(error.message).toContain("ssh-keygen -R '[kr4.example]:2222' -f /hub/known_hosts");
  });

  it('reports an unknown host with its key and three ways forward', () => {
    const error = connectError(
      sshError('Host denied (verification failed)', { level: 'handshake' }),
      ctx({ presentedKey: key, hostKeyCheck: { status: 'unknown' }, knownHostsMissing: true }),
    );
    expect(error.code).toBe(ExecutorErrorCode.HostKeyUnknown);
    expect(error.message).toMatch(/not listed in \/hub\/known_hosts \(the file does not exist\)/);
    expect(error.message).toContain('ssh -p 2222 claude@kr4.example');
    expect(error.message).toContain('"strictHostKeyChecking": false');
  });

  it('reports a revoked key as a mismatch', () => {
    const error = connectError(
      new Error('Host denied'),
      ctx({ hostKeyCheck: { status: 'revoked', line: 2 } }),
    );
    expect(error.code).toBe(ExecutorErrorCode.HostKeyMismatch);
    expect(error.message).toContain('@revoked');
  });

  it('passes an ExecutorError through', () => {
    const original = new ExecutorError(ExecutorErrorCode.Closed, 'closed');
    expect(connectError(original, ctx())).toBe(original);
  });

  it('keeps the original error as the cause', () => {
    const original = sshError('x', { code: 'ECONNREFUSED' });
    expect(connectError(original, ctx()).cause).toBe(original);
  });
});

describe('fingerprintOf', () => {
  it('prints SHA256 in base64 without padding, as ssh-keygen -l does', () => {
    expect(fingerprintOf(Buffer.from('abc'))).toBe(
      'SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0',
    );
  });
});
