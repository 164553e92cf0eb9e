import type { SessionView } from '@ccr/session-domain';
import { checkTelegramHtml } from '@ccr/testing';
import { BotError } from '../replies/bot.error';
import { keptHtml, parseStopArgs, stopAnswer, stoppingHtml } from './stop-message.util';

const SESSION: SessionView = {
  id: 3,
  serverId: 'kr4',
  seq: 3,
  name: 'kr4:3',
  token: 'AB12CD34',
  claudeSessionId: 'c',
  project: 'api <v2>',
  cwd: null,
  hostname: null,
  tmux: { session: 'main', window: '1', pane: '%4' },
  lastType: 'completed',
  state: 'ended',
  stateSince: new Date('2026-05-01T10:02:00.000Z'),
  createdAt: new Date(0),
  lastEventAt: new Date(0),
  expiresAt: new Date(0),
};

function text(html: string): string {
  expect(checkTelegramHtml(html).problems).toEqual([]);
  return checkTelegramHtml(html).visibleText;
}

describe('parseStopArgs', () => {
  it('takes one session, or none in a reply', () => {
    expect(parseStopArgs('kr4:3')).toEqual({ ref: 'kr4:3' });
    expect(parseStopArgs('', true)).toEqual({ ref: undefined });
    for (const rest of ['', 'kr4:3 now']) {
      expect(() => parseStopArgs(rest)).toThrow(BotError);
    }
  });
});

describe('stopAnswer', () => {
  it('asks first about a session started by hand, with Stop it and Keep', () => {
    const answer = stopAnswer({ kind: 'confirm', session: SESSION });
    expect(text(answer.html)).toBe(
      '⚠️ kr4:3 (api <v2>) was not started from here: it runs in tmux main:1 %4 on kr4, opened ' +
        'by hand. Stop it anyway? I would interrupt it and type /exit, as at the terminal; its ' +
        'window stays open.',
    );
    expect(answer.keyboard?.inline_keyboard[0]?.map((b) => b.callback_data)).toEqual([
      'stop:3:sure',
      'stop:3:keep',
    ]);
  });

  it('says when the session ended and what became of its window', () => {
    const closed = stopAnswer({ kind: 'stopped', session: SESSION, window: 'closed' });
    expect(text(closed.html)).toBe(
      '⏹ kr4:3 (api <v2>) ended at 10:02 UTC (its SessionEnd came); its window is closed.',
    );
    expect(text(stopAnswer({ kind: 'stopped', session: SESSION, window: 'gone' }).html)).toContain(
      'its window went with it',
    );
    expect(text(stopAnswer({ kind: 'stopped', session: SESSION, window: 'kept' }).html)).toContain(
      'its window, opened by hand, stays open',
    );
  });

  it('says when no SessionEnd came, and where to look', () => {
    const running = stopAnswer({ kind: 'no-session-end', session: SESSION, paneGone: false });
    expect(text(running.html)).toBe(
      '⚠️ I typed /exit into kr4:3 (api <v2>), but no SessionEnd came within 20 s. Look at its screen: /output kr4:3.',
    );
    expect(running.keyboard).toBeDefined();
    const gone = stopAnswer({ kind: 'no-session-end', session: SESSION, paneGone: true });
    expect(text(gone.html)).toContain('Its pane is gone, so Claude has exited');
    expect(gone.keyboard).toBeUndefined();
  });

  it('says who kept or stopped a session', () => {
    expect(text(keptHtml(SESSION, '@ana'))).toBe('@ana kept kr4:3 (api <v2>) running.');
    expect(text(stoppingHtml(SESSION, '@ana'))).toBe('⏹ @ana asked to stop kr4:3 (api <v2>).');
  });
});
