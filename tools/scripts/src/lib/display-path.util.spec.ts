import { displayPath } from './display-path.util';

describe('displayPath', () => {
  it('is relative inside the checkout and absolute outside it', () => {
    expect(displayPath('config/servers.json', '/srv/ccr')).toBe('config/servers.json');
    expect(displayPath('/srv/ccr/data/sessions.db', '/srv/ccr')).toBe('data/sessions.db');
    expect(displayPath('../shared/servers.json', '/srv/ccr')).toBe('/srv/shared/servers.json');
    expect(displayPath('/etc/ccr/servers.json', '/srv/ccr')).toBe('/etc/ccr/servers.json');
  });
});
