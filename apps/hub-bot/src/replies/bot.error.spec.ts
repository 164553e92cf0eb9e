import type { SessionView } from '@ccr/session-domain';
import { BotError, BotErrorCode } from './bot.error';

function session(name: string, project: string): SessionView {
  const [serverId = '', seq = '1'] = name.split(':');
  return {
    id: 1,
    serverId,
    seq: Number(seq),
    name,
    token: 'AB12CD34',
    claudeSessionId: null,
    project,
    cwd: null,
    hostname: null,
    tmux: { session: null, window: null, pane: null },
    lastType: 'completed',
    state: 'idle',
    stateSince: new Date(0),
    createdAt: new Date(0),
    lastEventAt: new Date(0),
    expiresAt: new Date(0),
  };
}

describe('BotError', () => {
  it('lists the commands to use for a merged notification, escaped, ten at most', () => {
    const sessions = Array.from({ length: 12 }, (_, i) => session(`kr${i}:1`, `p<${i}>`));
    const error = BotError.severalSessions(sessions);
    expect(error.code).toBe(BotErrorCode.SeveralSessions);
    expect(error.html).toContain('That message reports 12 sessions');
    expect(error.html).toContain('<code>/cmd kr0:1 your text</code> · p&lt;0&gt;');
    expect(error.html).toContain('<code>/cmd kr9:1 your text</code>');
    expect(error.html).not.toContain('kr10:1');
    expect(error.html).toContain('… and 2 more');
  });

  it('keeps a plain-text message for the log', () => {
    const error = BotError.unknownServer(session('ghost:1', 'p'), '/etc/ccr/servers.json');
    expect(error.message).toContain(
      'Session ghost:1 runs on server ghost, which is not in /etc/ccr/servers.json',
    );
    expect(error.message).not.toContain('<code>');
    expect(error.html).toContain(
      '<code>{ &quot;id&quot;: &quot;ghost&quot;, &quot;type&quot;: &quot;remote&quot;, … }</code>',
    );
  });

  it('suggests typing an unknown command into Claude instead', () => {
    expect(BotError.unknownCommand('compact').html).toContain('<code>/cmd kr4:1 /compact</code>');
  });
});
