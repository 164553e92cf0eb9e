import { signedHeaders } from '@ccr/protocol';
import { RequestAuthService } from './request-auth.service';

const HUB = 'hub-wide-secret-0123456789';
const OWN = 'kr7-own-secret-0123456789';

describe('RequestAuthService', () => {
  const auth = () =>
    new RequestAuthService(
      { value: HUB, source: 'env' },
      {
        servers: [{ id: 'kr7', type: 'local', secret: OWN }],
        source: 'servers.json',
        central: {},
        warnings: [],
      },
    );
  const body = (serverId: string) => Buffer.from(JSON.stringify({ serverId }));

  it('accepts the hub secret for servers without their own, signed or plain', () => {
    const service = auth();
    expect(
      service.checkServerRequest(signedHeaders(HUB, body('kr4').toString()), body('kr4'), 'kr4'),
    ).toEqual({
      ok: true,
      method: 'signature',
    });
    expect(service.checkServerRequest({ 'x-shared-secret': HUB }, body('kr4'), 'kr4')).toEqual({
      ok: true,
      method: 'shared-secret',
    });
  });

  it("requires a server's own secret for it, and refuses it for other servers", () => {
    const service = auth();
    const kr7 = body('kr7');
    expect(service.checkServerRequest(signedHeaders(OWN, kr7.toString()), kr7, 'kr7').ok).toBe(
      true,
    );
    expect(service.checkServerRequest(signedHeaders(HUB, kr7.toString()), kr7, 'kr7').ok).toBe(
      false,
    );
    const kr4 = body('kr4');
    expect(service.checkServerRequest(signedHeaders(OWN, kr4.toString()), kr4, 'kr4').ok).toBe(
      false,
    );
  });

  it('refuses a replay of an accepted signature', () => {
    const service = auth();
    const headers = signedHeaders(HUB, body('kr4').toString());
    expect(service.checkServerRequest(headers, body('kr4'), 'kr4').ok).toBe(true);
    expect(service.checkServerRequest(headers, body('kr4'), 'kr4')).toEqual({
      ok: false,
      reason: 'signature replayed',
    });
  });

  it('opens the reading endpoints with the hub secret only', () => {
    const service = auth();
    expect(service.checkHubRequest({ 'x-shared-secret': HUB }).ok).toBe(true);
    expect(service.checkHubRequest({ authorization: `Bearer ${HUB}` }).ok).toBe(true);
    expect(service.checkHubRequest({ 'x-shared-secret': OWN }).ok).toBe(false);
    expect(service.checkHubRequest({}).ok).toBe(false);
  });
});
