import { closedPort, startStandInHub, type StandInHub } from '../../../test/support/stand-in-hub';
import type { RemoteHookConfig } from '../../config/config.interface';
import { hubUrls } from '../../delivery/hub-urls.util';
import { checkHubHealth, checkSignedPing } from './hub-checks.util';

describe('doctor hub checks', () => {
  let hub: StandInHub;
  let config: RemoteHookConfig;
  beforeAll(async () => {
    hub = await startStandInHub({ secret: 'right', knownServers: ['kr4'] });
    config = {
      serverId: 'kr4',
      endpoint: hub.notifyUrl,
      secret: 'right',
      extraEvents: [],
      permissionTimeoutSeconds: 300,
    };
  });
  afterAll(() => hub.close());

  it('reaches /health next to the endpoint', async () => {
    await expect(checkHubHealth(hubUrls(hub.notifyUrl), 2000)).resolves.toEqual({
      ok: true,
      text: `hub reachable: GET ${hub.origin}/health answered 200`,
    });
  });

  it('says what to check when nothing answers', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/notify`;
    const check = await checkHubHealth(hubUrls(down), 2000);
    expect(check.ok).toBe(false);
    expect(check.text).toMatch(
      /ECONNREFUSED.*is hub-api running, and its port open from this machine\?$/,
    );
  });

  it('passes a ping signed with the right secret, with the same body /notify would sign', async () => {
    await expect(checkSignedPing(hubUrls(hub.notifyUrl), config, 2000)).resolves.toEqual({
      ok: true,
      text: 'signed ping accepted for kr4: the shared secret matches',
    });
    const ping = hub.requests[hub.requests.length - 1];
    expect(ping).toMatchObject({ method: 'POST', path: '/ping', signatureOk: true });
    expect(JSON.parse(ping.body)).toEqual({ serverId: 'kr4', nonce: expect.any(String) });
  });

  it('signs each ping differently, so two checks in one second are not taken for a replay', async () => {
    await checkSignedPing(hubUrls(hub.notifyUrl), config, 2000);
    await checkSignedPing(hubUrls(hub.notifyUrl), config, 2000);
    const [a, b] = hub.requests.slice(-2).map((request) => JSON.parse(request.body).nonce);
    expect(a).not.toBe(b);
  });

  it('says the secret is wrong on 401', async () => {
    const check = await checkSignedPing(
      hubUrls(hub.notifyUrl),
      { ...config, secret: 'wrong' },
      2000,
    );
    expect(check.ok).toBe(false);
    expect(check.text).toMatch(
      /^signed ping refused \(HTTP 401\): the shared secret is wrong for kr4/,
    );
  });

  it('warns of a server the hub does not know, without failing', async () => {
    const check = await checkSignedPing(
      hubUrls(hub.notifyUrl),
      { ...config, serverId: 'kr9' },
      2000,
    );
    expect(check.ok).toBe(true);
    expect(check.text).toContain("kr9, which is not in the hub's servers.json");
  });
});
