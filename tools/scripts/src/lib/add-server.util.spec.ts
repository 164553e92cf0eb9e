import { OpsError } from '../ops.error';
import { planAddServer, remoteServerEntry, type NewRemoteServer } from './add-server.util';

const kr7: NewRemoteServer = {
  id: 'kr7',
  host: '10.0.0.7',
  port: 22,
  user: 'dev',
  keyPath: '/home/hub/.ssh/id_ed25519',
  knownHostsPath: '/srv/ccr/config/known_hosts',
};

describe('planAddServer', () => {
  it('starts a new file with the local server, which the hub knows without one', () => {
    expect(planAddServer(undefined, kr7, 'config/servers.json')).toEqual({
      action: 'add',
      document: { servers: [{ id: 'local', type: 'local' }, remoteServerEntry(kr7)] },
    });
  });

  it('appends to the file, keeping its entries and other keys as they are', () => {
    const document = {
      comment: 'ours',
      servers: [
        {
          id: 'gpu1',
          type: 'remote',
          host: 'gpu1',
          user: 'u',
          keyPath: '~/k',
          secret: 'x'.repeat(20),
        },
      ],
    };
    const plan = planAddServer(document, { ...kr7, name: 'Build box 7' }, 'config/servers.json');
    expect(plan).toEqual({
      action: 'add',
      document: {
        comment: 'ours',
        servers: [
          document.servers[0],
          {
            id: 'kr7',
            type: 'remote',
            name: 'Build box 7',
            host: '10.0.0.7',
            port: 22,
            user: 'dev',
            keyPath: '/home/hub/.ssh/id_ed25519',
            knownHostsPath: '/srv/ccr/config/known_hosts',
            strictHostKeyChecking: true,
          },
        ],
      },
    });
  });

  it("appends a flat entry to a file in the original scripts' shape, which stays as it was", () => {
    const document = {
      central: { notificationPort: 3001, sharedSecret: 's'.repeat(32), ngrokEnabled: true },
      servers: [
        { id: 'local', alias: 'local', type: 'local', hostname: 'localhost' },
        {
          id: 'kr4',
          alias: 'kr4',
          type: 'remote',
          hostname: 'builder-kr-4',
          ssh: { user: 'jay', port: 22, keyPath: '~/.ssh/id_ed25519' },
        },
      ],
    };
    expect(planAddServer(document, kr7, 'config/servers.json')).toEqual({
      action: 'add',
      document: { ...document, servers: [...document.servers, remoteServerEntry(kr7)] },
    });
    // The same server, written the original way, is the same server.
    const same = {
      servers: [
        {
          id: 'kr7',
          type: 'remote',
          hostname: kr7.host,
          ssh: { user: kr7.user, keyPath: kr7.keyPath, knownHostsPath: kr7.knownHostsPath },
        },
      ],
    };
    expect(planAddServer(same, kr7, 'config/servers.json')).toEqual({ action: 'keep' });
  });

  it('keeps a server that is already there with the same connection', () => {
    const document = { servers: [{ ...remoteServerEntry(kr7), name: 'set by hand' }] };
    expect(planAddServer(document, kr7, 'config/servers.json')).toEqual({ action: 'keep' });
  });

  it('refuses an id that is taken by another connection, saying by which', () => {
    const document = { servers: [remoteServerEntry({ ...kr7, port: 2222 })] };
    expect(() => planAddServer(document, kr7, 'config/servers.json')).toThrow(
      new OpsError(
        'server "kr7" is already in config/servers.json as dev@10.0.0.7:2222 (key /home/hub/.ssh/id_ed25519); choose another id, or remove or edit that entry first',
      ),
    );
    expect(() =>
      planAddServer({ servers: [{ id: 'kr7', type: 'local' }] }, kr7, 'config/servers.json'),
    ).toThrow('as the local server;');
  });

  it("names the new entry's field that the hub's rules refuse", () => {
    expect(() => planAddServer(undefined, { ...kr7, id: 'kr 7' }, 'x.json')).toThrow(
      'the new server: id: must be 1–32 letters',
    );
    expect(() => planAddServer(undefined, { ...kr7, port: 70000 }, 'x.json')).toThrow(
      'the new server: port: must be a whole number from 1 to 65535',
    );
    expect(() => planAddServer(undefined, { ...kr7, user: ' ' }, 'x.json')).toThrow(
      'the new server: user: must be a non-empty string',
    );
  });

  it('refuses to add to a file the hub would not start with', () => {
    expect(() => planAddServer({ servers: {} }, kr7, 'config/servers.json')).toThrow(
      'config/servers.json is not valid (servers: must be a list',
    );
    const contradictory = {
      servers: [{ id: 'kr4', type: 'remote', host: 'a', hostname: 'b', user: 'u', keyPath: 'k' }],
    };
    expect(() => planAddServer(contradictory, kr7, 'config/servers.json')).toThrow(
      new OpsError(
        'config/servers.json is not valid (servers[0] (kr4): host "a" and hostname "b" differ: keep one of them); fix it first',
      ),
    );
  });
});
