import type { ServerConfig } from '@ccr/config';
import { formatServersMessage } from './servers-message.util';

const LOCAL: ServerConfig = { id: 'local', type: 'local', name: 'Hub & co' };
const KR4: ServerConfig = {
  id: 'kr4',
  type: 'remote',
  host: '10.0.0.4',
  port: 22,
  user: 'dev',
  keyPath: 'k',
  strictHostKeyChecking: true,
};

describe('formatServersMessage', () => {
  it('lists every server, reachable or not', () => {
    expect(
      formatServersMessage(
        [
          { server: LOCAL, liveSessions: 1, reachable: true, roundTripMs: 1.2 },
          { server: KR4, liveSessions: 0, reachable: false, problemHtml: 'refused <b>x</b>' },
        ],
        'servers.json',
      ),
    ).toBe(
      [
        '🖧 <b>Servers</b> · 1 of 2 reachable',
        '🟢 <b>local</b> · Hub &amp; co · this machine',
        '   tmux answered in 1.2 ms · 1 live session',
        '🔴 <b>kr4</b> · dev@10.0.0.4:22',
        '   refused <b>x</b> · 0 live sessions',
      ].join('\n'),
    );
  });

  it('fits one message with many servers', () => {
    const checks = Array.from({ length: 100 }, (_, i) => ({
      server: { ...KR4, id: `kr${i}`, name: 'n'.repeat(60) },
      liveSessions: 0,
      reachable: true as const,
      roundTripMs: 3,
    }));
    const html = formatServersMessage(checks, 'servers.json');
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html).toMatch(/… and \d+ more$/);
  });
});
