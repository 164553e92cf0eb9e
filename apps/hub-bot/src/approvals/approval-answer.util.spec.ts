import type { PermissionStatus } from '@ccr/protocol';
import type { DecideResult, PermissionView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { EXPIRED_ANSWER, decisionAnswer, presserName } from './approval-answer.util';

const NOW = new Date('2026-05-01T10:42:00.000Z');

const SESSION: SessionView = {
  id: 3,
  serverId: 'kr4',
  seq: 1,
  name: 'kr4:1',
  token: 'AB12CD34',
  claudeSessionId: 'c',
  project: 'web <app>',
  cwd: '/home/dev/web',
  hostname: 'kr4.example',
  tmux: { session: 'main', window: '0', pane: '%3' },
  lastType: 'permission',
  state: 'asking',
  stateSince: NOW,
  createdAt: NOW,
  lastEventAt: NOW,
  expiresAt: new Date(NOW.getTime() + 24 * 3_600_000),
};

function result(
  status: PermissionStatus,
  options: { changed?: boolean; decidedBy?: string | null; expiresInMs?: number } = {},
): DecideResult {
  const request: PermissionView = {
    id: 7,
    requestId: 'req-7',
    sessionId: SESSION.id,
    kind: 'permission',
    toolName: 'Bash',
    toolInput: { command: 'rm -rf node_modules && npm install' },
    suggestions: [],
    permissionMode: 'default',
    status,
    decidedBy: options.decidedBy ?? null,
    decidedAt: status === 'pending' ? null : NOW,
    createdAt: new Date(NOW.getTime() - 60_000),
    expiresAt: new Date(NOW.getTime() + (options.expiresInMs ?? 240_000)),
    feedback: null,
    feedbackAskedAt: null,
    answers: [],
  };
  return { request, session: SESSION, changed: options.changed ?? false };
}

describe('presserName', () => {
  it('is the @username, else the first name, else the user id', () => {
    expect(presserName({ id: 1, first_name: 'Ana', username: 'ana_dev' })).toBe('@ana_dev');
    expect(presserName({ id: 1, first_name: 'Ana' })).toBe('Ana');
    expect(presserName({ id: 12, first_name: ' ' })).toBe('user 12');
  });
});

describe('decisionAnswer', () => {
  it.each<[PermissionStatus, string]>([
    ['allow', 'Allowed'],
    ['allow-session', 'Allowed for this session'],
    ['deny', 'Denied'],
  ])('names the decision just recorded: %s', (status, words) => {
    expect(decisionAnswer(result(status, { changed: true, decidedBy: '@ana' }))).toBe(words);
  });

  it('says who answered first when a press changed nothing', () => {
    expect(decisionAnswer(result('allow', { decidedBy: '@ana' }))).toBe(
      'Already answered: Allowed by @ana',
    );
    expect(decisionAnswer(result('deny', { decidedBy: null }))).toBe('Already answered: Denied');
    expect(decisionAnswer(result('answered-on-server'))).toBe(
      'Already answered: Answered on the server',
    );
  });

  it('says Timed out for a request past its time, marked so or not yet', () => {
    // decide() leaves a pending request alone only once its time is up.
    expect(decisionAnswer(result('pending', { expiresInMs: 0 }))).toBe(EXPIRED_ANSWER);
    expect(decisionAnswer(result('expired', { expiresInMs: -5000 }))).toBe(EXPIRED_ANSWER);
    expect(EXPIRED_ANSWER).toBe('Timed out: Claude asks on the server now');
  });
});
