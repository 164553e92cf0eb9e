import { ExecutorErrorCode } from './executor.error';
import type { RemoteServerConfig, ServerConfig } from './server-config.types';
import { assertServerConfig, connectionFingerprint } from './server-config.util';

const remote: RemoteServerConfig = {
  id: 'kr4',
  type: 'remote',
  host: 'h',
  user: 'u',
  keyPath: '~/.ssh/k',
};

describe('assertServerConfig', () => {
  it('accepts a local and a remote server', () => {
    expect(() => assertServerConfig({ id: 'local', type: 'local' })).not.toThrow();
    expect(() => assertServerConfig(remote)).not.toThrow();
    expect(() =>
      assertServerConfig({ ...remote, port: 2222, tmuxSocket: { name: 'x' } }),
    ).not.toThrow();
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['host', { host: '' }, '"host" is required'],
    ['user', { user: undefined }, '"user" is required'],
    ['keyPath', { keyPath: ' ' }, '"keyPath" is required'],
    ['port', { port: 70000 }, '"port" must be a whole number'],
    ['port', { port: 22.5 }, '"port" must be a whole number'],
    ['tmuxSocket', { tmuxSocket: { name: '' } }, '"tmuxSocket" must be'],
    ['type', { type: 'ssh' }, '"type" must be'],
    ['id', { id: '' }, '"id" must be'],
  ])('names the field %s', (_field, change, message) => {
    const server = { ...remote, ...change } as unknown as ServerConfig;
    expect(() => assertServerConfig(server)).toThrow(
      expect.objectContaining({
        code: ExecutorErrorCode.InvalidServerConfig,
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe('connectionFingerprint', () => {
  it('changes with what decides the connection, not with tmux settings', () => {
    const base = connectionFingerprint(remote);
    expect(connectionFingerprint({ ...remote, port: 22 })).toBe(base);
    expect(connectionFingerprint({ ...remote, tmuxSocket: { name: 'x' } })).toBe(base);
    expect(connectionFingerprint({ ...remote, host: 'other' })).not.toBe(base);
    expect(connectionFingerprint({ ...remote, strictHostKeyChecking: false })).not.toBe(base);
  });
});
