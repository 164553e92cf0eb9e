import { signedHeaders } from '@ccr/protocol';
import { SignatureReplayStore, openDatabase } from '@ccr/session-data-access';
import { makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { RequestAuthService } from './request-auth.service';

const HUB = 'hub-wide-secret-0123456789';
const OWN = 'kr7-own-secret-0123456789';

describe('RequestAuthService', () => {
  let dir: string;
  let database: DataSource;

  beforeEach(async () => {
    dir = await makeTempDir('ccr-auth-');
    database = await openDatabase({ path: join(dir, 'sessions.db') });
  });
  afterEach(async () => {
    await database.destroy();
    await removeDir(dir);
  });

  /** A hub-api process; several on one database share what signatures they have seen. */
  const auth = () =>
    new RequestAuthService(
      { value: HUB, source: 'env' },
      {
        servers: [{ id: 'kr7', type: 'local', secret: OWN }],
        source: 'servers.json',
        central: {},
        warnings: [],
      },
      new SignatureReplayStore(database),
    );
  const body = (serverId: string) => Buffer.from(JSON.stringify({ serverId }));

  it('accepts the hub secret for servers without their own, signed or plain', async () => {
    const service = auth();
    expect(
      await service.checkServerRequest(
        signedHeaders(HUB, body('kr4').toString()),
        body('kr4'),
        'kr4',
      ),
    ).toEqual({
      ok: true,
      method: 'signature',
    });
    expect(
      await service.checkServerRequest({ 'x-shared-secret': HUB }, body('kr4'), 'kr4'),
    ).toEqual({
      ok: true,
      method: 'shared-secret',
    });
  });

  it("requires a server's own secret for it, and refuses it for other servers", async () => {
    const service = auth();
    const kr7 = body('kr7');
    expect(
      (await service.checkServerRequest(signedHeaders(OWN, kr7.toString()), kr7, 'kr7')).ok,
    ).toBe(true);
    expect(
      (await service.checkServerRequest(signedHeaders(HUB, kr7.toString()), kr7, 'kr7')).ok,
    ).toBe(false);
    const kr4 = body('kr4');
    expect(
      (await service.checkServerRequest(signedHeaders(OWN, kr4.toString()), kr4, 'kr4')).ok,
    ).toBe(false);
  });

  it('refuses a replay of an accepted signature', async () => {
    const service = auth();
    const headers = signedHeaders(HUB, body('kr4').toString());
    expect((await service.checkServerRequest(headers, body('kr4'), 'kr4')).ok).toBe(true);
    expect(await service.checkServerRequest(headers, body('kr4'), 'kr4')).toEqual({
      ok: false,
      reason: 'signature replayed',
    });
  });

  it('refuses a replay sent to another hub-api process on the same database', async () => {
    const headers = signedHeaders(HUB, body('kr4').toString());
    expect((await auth().checkServerRequest(headers, body('kr4'), 'kr4')).ok).toBe(true);
    expect(await auth().checkServerRequest(headers, body('kr4'), 'kr4')).toEqual({
      ok: false,
      reason: 'signature replayed',
    });
  });

  it('opens the reading endpoints with the hub secret only', async () => {
    const service = auth();
    expect(service.checkHubRequest({ 'x-shared-secret': HUB }).ok).toBe(true);
    expect(service.checkHubRequest({ authorization: `Bearer ${HUB}` }).ok).toBe(true);
    expect(service.checkHubRequest({ 'x-shared-secret': OWN }).ok).toBe(false);
    expect(service.checkHubRequest({}).ok).toBe(false);
  });
});
