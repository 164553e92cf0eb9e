import { serverAddress, sshCheckCommand, toExecutorServer } from './executor-server.util';

describe('toExecutorServer', () => {
  it('passes a local server with its tmux socket and program', () => {
    expect(
      toExecutorServer({
        id: 'local',
        type: 'local',
        name: 'Hub',
        tmuxSocket: { name: 'claude' },
        tmuxPath: '/opt/tmux',
      }),
    ).toEqual({
      id: 'local',
      type: 'local',
      tmuxSocket: { name: 'claude' },
      tmuxPath: '/opt/tmux',
    });
  });

  it('passes what SSH needs and leaves the signing secret out', () => {
    const server = toExecutorServer({
      id: 'kr4',
      type: 'remote',
      host: '10.0.0.4',
      port: 2222,
      user: 'dev',
      keyPath: '~/.ssh/id_ed25519',
      knownHostsPath: '/etc/ccr/known_hosts',
      strictHostKeyChecking: true,
      secret: 'a-secret-only-kr4-signs-with-0123',
      tmuxSocket: { path: '/tmp/tmux-1000/default' },
    });
    expect(server).toEqual({
      id: 'kr4',
      type: 'remote',
      host: '10.0.0.4',
      port: 2222,
      user: 'dev',
      keyPath: '~/.ssh/id_ed25519',
      knownHostsPath: '/etc/ccr/known_hosts',
      strictHostKeyChecking: true,
      tmuxSocket: { path: '/tmp/tmux-1000/default' },
    });
  });
});

describe('serverAddress and sshCheckCommand', () => {
  const remote = {
    id: 'kr4',
    type: 'remote' as const,
    host: '10.0.0.4',
    port: 22,
    user: 'dev',
    keyPath: 'k',
    strictHostKeyChecking: true,
  };

  it('say where a server is and how to try it by hand', () => {
    expect(serverAddress(remote)).toBe('dev@10.0.0.4:22');
    expect(sshCheckCommand(remote)).toBe('ssh dev@10.0.0.4');
    expect(sshCheckCommand({ ...remote, port: 2222 })).toBe('ssh -p 2222 dev@10.0.0.4');
    expect(serverAddress({ id: 'local', type: 'local' })).toBe('this machine');
    expect(sshCheckCommand({ id: 'local', type: 'local' })).toBeUndefined();
  });
});
