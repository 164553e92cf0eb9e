import type { ServerConfig } from '@ccr/config';
import type { SessionView } from '@ccr/session-domain';
import { formatSessionsMessage, tmuxLabel } from './sessions-message.util';

const NOW = new Date('2026-05-01T12:00:00.000Z');
const HOUR = 3_600_000;

function session(name: string, fields: Partial<SessionView> = {}): SessionView {
  const [serverId = '', seq = '1'] = name.split(':');
  return {
    id: 1,
    serverId,
    seq: Number(seq),
    name,
    token: 'AB12CD34',
    claudeSessionId: null,
    project: 'api',
    cwd: null,
    hostname: null,
    tmux: { session: 'main', window: '0', pane: '%3' },
    lastType: 'waiting',
    state: 'waiting',
    stateSince: NOW,
    createdAt: NOW,
    lastEventAt: NOW,
    expiresAt: new Date(NOW.getTime() + 5 * HOUR + 30 * 60_000),
    ...fields,
  };
}

const SERVERS: Record<string, ServerConfig> = {
  kr5: { id: 'kr5', type: 'local', name: 'Build box 5' },
  kr4: { id: 'kr4', type: 'local' },
};
const byId = (id: string) => SERVERS[id];

describe('formatSessionsMessage', () => {
  it('groups by server in servers.json order, with name, project, token, tmux and time left', () => {
    const html = formatSessionsMessage(
      [
        session('kr4:2', {
          project: 'web & <ui>',
          lastType: 'completed',
          state: 'working',
          stateSince: new Date(NOW.getTime() - 4 * 60_000),
        }),
        session('kr5:1'),
        session('ghost:1', {
          tmux: { session: null, window: null, pane: null },
          state: 'idle',
          lastType: 'failed',
        }),
      ],
      byId,
      ['kr5', 'kr4'],
      NOW,
      24,
    );
    expect(html).toBe(
      [
        '📋 <b>Live sessions</b> · 3 · answer with <code>/cmd name your text</code>',
        '',
        '<b>kr5</b> · Build box 5',
        '• <code>kr5:1</code> · api · token <code>AB12CD34</code>',
        '   ⏳ waiting for input since 12:00 UTC (0 s)',
        '   tmux <code>main:0 %3</code> · 5h 30m left',
        '',
        '<b>kr4</b>',
        '• <code>kr4:2</code> · web &amp; &lt;ui&gt; · token <code>AB12CD34</code>',
        '   ⚙️ working since 11:56 UTC (4 min)',
        '   tmux <code>main:0 %3</code> · 5h 30m left',
        '',
        '<b>ghost</b> · ⚠️ not in servers.json: cannot be answered',
        '• <code>ghost:1</code> · api · token <code>AB12CD34</code>',
        '   💤 idle (last turn failed) since 12:00 UTC (0 s)',
        '   not in tmux: cannot be answered · 5h 30m left',
      ].join('\n'),
    );
  });

  it('says how sessions appear when there are none', () => {
    expect(formatSessionsMessage([], byId, [], NOW, 12)).toContain(
      'or when /new starts one, and lasts 12 h after its last event',
    );
  });

  it('fits one message, saying how many were left out', () => {
    const many = Array.from({ length: 200 }, (_, i) =>
      session(`kr4:${i + 1}`, { project: 'p'.repeat(60) }),
    );
    const html = formatSessionsMessage(many, byId, ['kr4'], NOW, 24);
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(html).toMatch(/… and \d+ more; \/cmd works for every live session\.$/);
    const shown = (html.match(/^• /gm) ?? []).length;
    expect(html).toContain(`and ${200 - shown} more`);
  });
});

describe('tmuxLabel', () => {
  it('shows what is known of the location', () => {
    expect(tmuxLabel(session('a:1'))).toBe('main:0 %3');
    expect(tmuxLabel(session('a:1', { tmux: { session: 'w', window: null, pane: '%1' } }))).toBe(
      'w %1',
    );
    expect(tmuxLabel(session('a:1', { tmux: { session: null, window: null, pane: '%1' } }))).toBe(
      '%1',
    );
    expect(
      tmuxLabel(session('a:1', { tmux: { session: 'w', window: '1', pane: null } })),
    ).toBeUndefined();
  });
});
