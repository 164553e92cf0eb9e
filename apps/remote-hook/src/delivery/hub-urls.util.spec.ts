import { hubUrls } from './hub-urls.util';

describe('hubUrls', () => {
  it('finds /health and /ping next to /notify', () => {
    const urls = hubUrls('http://172.24.12.11:3001/notify');
    expect(urls.notify.href).toBe('http://172.24.12.11:3001/notify');
    expect(urls.health.href).toBe('http://172.24.12.11:3001/health');
    expect(urls.ping.href).toBe('http://172.24.12.11:3001/ping');
    expect(urls.permissions.href).toBe('http://172.24.12.11:3001/permissions');
    expect(urls.permissionWait.href).toBe('http://172.24.12.11:3001/permissions/wait');
  });

  it('keeps a path prefix of a hub behind a proxy', () => {
    const urls = hubUrls('https://gateway.internal/ccr/notify/');
    expect(urls.health.href).toBe('https://gateway.internal/ccr/health');
    expect(urls.ping.href).toBe('https://gateway.internal/ccr/ping');
    expect(urls.permissionWait.href).toBe('https://gateway.internal/ccr/permissions/wait');
  });
});
