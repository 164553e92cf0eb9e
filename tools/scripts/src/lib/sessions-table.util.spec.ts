import type { SessionView } from '@ccr/session-domain';
import { sessionsTable, tmuxPlace } from './sessions-table.util';

const now = new Date('2026-11-24T12:00:00Z');

function session(overrides: Partial<SessionView>): SessionView {
  return {
    id: 1,
    serverId: 'kr4',
    seq: 1,
    name: 'kr4:1',
    token: 'Q7M2K9XA',
    claudeSessionId: null,
    project: 'api',
    cwd: null,
    hostname: null,
    tmux: { session: null, window: null, pane: null },
    lastType: 'completed',
    state: 'idle',
    stateSince: new Date('2026-11-24T11:55:00Z'),
    createdAt: new Date('2026-11-24T11:00:00Z'),
    lastEventAt: new Date('2026-11-24T11:55:00Z'),
    expiresAt: new Date('2026-11-25T11:55:00Z'),
    ...overrides,
  };
}

describe('sessionsTable', () => {
  it('says "none" without a table when nothing is live', () => {
    expect(sessionsTable([], 'data/sessions.db', now)).toEqual([
      'Live sessions in data/sessions.db: none',
    ]);
  });

  it('lists name, project, state, tmux place, host, age and time left, never the token', () => {
    const rows = sessionsTable(
      [
        session({}),
        session({
          name: 'gpu1:12',
          project: 'trainer',
          lastType: 'permission',
          state: 'asking',
          hostname: 'gpu1',
          tmux: { session: 'main', window: '2', pane: '%7' },
          lastEventAt: new Date('2026-11-24T11:59:30Z'),
          expiresAt: new Date('2026-11-24T12:00:30Z'),
        }),
      ],
      'data/sessions.db',
      now,
    );
    expect(rows).toEqual([
      'Live sessions in data/sessions.db: 2',
      '  NAME     PROJECT  STATE   TMUX       HOST  LAST EVENT  EXPIRES IN',
      '  kr4:1    api      idle    -          -     5m ago      23h 55m',
      '  gpu1:12  trainer  asking  main:2 %7  gpu1  <1m ago     <1m',
    ]);
    expect(rows.join('\n')).not.toContain('Q7M2K9XA');
  });
});

describe('tmuxPlace', () => {
  it.each([
    [{ session: 'main', window: '1', pane: '%3' }, 'main:1 %3'],
    [{ session: null, window: null, pane: '%3' }, '%3'],
    [{ session: 'main', window: null, pane: null }, 'main'],
    [{ session: null, window: null, pane: null }, '-'],
  ])('%j is %s', (tmux, expected) => {
    expect(tmuxPlace(tmux)).toBe(expected);
  });
});
