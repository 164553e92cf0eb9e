import type { LaunchView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { checkTelegramHtml } from '@ccr/testing';
import { launchAnswer, projectsHtml } from './launch-message.util';

const LAUNCH: LaunchView = {
  id: 4,
  serverId: 'kr4',
  folder: '~/web <app> & "co"',
  tmux: { session: 'ccr', window: '3', pane: '%12' },
  firstPrompt: null,
  chatId: '42',
  requestedBy: '@ana',
  status: 'started',
  sessionId: 7,
  createdAt: new Date(0),
  closedAt: null,
};

const SESSION: SessionView = {
  id: 7,
  serverId: 'kr4',
  seq: 7,
  name: 'kr4:7',
  token: 'AB12CD34',
  claudeSessionId: 'c',
  project: 'web',
  cwd: '/home/dev/web <app> & "co"',
  hostname: null,
  tmux: { session: 'ccr', window: '3', pane: '%12' },
  lastType: null,
  state: 'working',
  stateSince: new Date(0),
  createdAt: new Date(0),
  lastEventAt: new Date(0),
  expiresAt: new Date(0),
};

/** Each answer is HTML Telegram takes, as the fake Bot API checks it. */
function wellFormed(html: string): string {
  expect(checkTelegramHtml(html).problems).toEqual([]);
  return checkTelegramHtml(html).visibleText;
}

describe('launchAnswer', () => {
  it('names the new session, where it runs and the first prompt, with its buttons', () => {
    const answer = launchAnswer(
      { kind: 'started', launch: LAUNCH, session: SESSION, prompt: 'typed', text: 'fix 🚀 it' },
      ['claude'],
    );
    expect(wellFormed(answer.html)).toBe(
      [
        '🟢 kr4:7 started in ~/web <app> & "co" on kr4',
        'tmux ccr:3 %12 · /home/dev/web <app> & "co"',
        'Typed your first prompt (8 characters), then Enter.',
      ].join('\n'),
    );
    expect(answer.keyboard?.inline_keyboard[0]?.map((b) => b.callback_data)).toEqual([
      'out:7',
      'esc:7',
      'stop:7',
    ]);
  });

  it('says when there was no first prompt, or it could not be typed', () => {
    const none = launchAnswer(
      { kind: 'started', launch: LAUNCH, session: SESSION, prompt: 'none', text: '' },
      ['claude'],
    );
    expect(wellFormed(none.html)).toContain(
      'Claude waits for your first prompt: /cmd kr4:7 your text.',
    );
    const late = launchAnswer(
      { kind: 'started', launch: LAUNCH, session: SESSION, prompt: 'no-prompt-box', text: 'x' },
      ['claude'],
    );
    expect(wellFormed(late.html)).toContain(
      'your first prompt was not typed: send it with /cmd kr4:7 …',
    );
  });

  it('asks the trust question with Trust and Cancel', () => {
    const answer = launchAnswer({ kind: 'trust', launch: LAUNCH }, ['claude']);
    expect(wellFormed(answer.html)).toContain(
      'Claude Code asks whether to trust ~/web <app> & "co" on kr4: it has not run there before (tmux ccr:3 %12)',
    );
    expect(answer.keyboard?.inline_keyboard[0]?.map((b) => b.callback_data)).toEqual([
      'trust:4:yes',
      'trust:4:no',
    ]);
  });

  it('says what to try by hand when Claude exited, and what to check when it said nothing', () => {
    expect(
      wellFormed(launchAnswer({ kind: 'exited', launch: LAUNCH }, ['claude', '--x']).html),
    ).toContain('Run it there by hand to see why: cd ~/web <app> & "co" && claude --x.');
    const silent = wellFormed(launchAnswer({ kind: 'silent', launch: LAUNCH }, ['claude']).html);
    expect(silent).toContain('no SessionStart came from it within 30 s');
    expect(silent).toContain('remote-hook install');
    expect(silent).toContain('tmux attach -t ccr');
    expect(wellFormed(launchAnswer({ kind: 'cancelled', launch: LAUNCH }, []).html)).toContain(
      'Cancelled: Claude did not start',
    );
    expect(wellFormed(launchAnswer({ kind: 'over', launch: LAUNCH }, []).html)).toContain(
      'was answered already',
    );
  });
});

describe('projectsHtml', () => {
  it('asks where, and says a folder may be written where the server allows any', () => {
    expect(wellFormed(projectsHtml('kr4', false))).toBe('📁 Where should Claude start on kr4?');
    expect(wellFormed(projectsHtml('kr4', true))).toContain('/new kr4 ~/some/folder');
  });
});
