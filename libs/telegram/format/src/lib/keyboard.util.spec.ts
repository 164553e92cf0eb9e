import { folderTag, parseCallbackData } from './callback-data.util';
import {
  notificationKeyboard,
  permissionKeyboard,
  projectsKeyboard,
  sessionKeyboard,
  sessionsKeyboard,
  stopConfirmKeyboard,
  trustKeyboard,
} from './keyboard.util';

const actions = (markup: { inline_keyboard: Array<Array<{ callback_data: string }>> }) =>
  markup.inline_keyboard.map((row) => row.map((button) => parseCallbackData(button.callback_data)));

describe('permissionKeyboard', () => {
  it('puts Allow and Allow for session on one row, Deny below', () => {
    expect(permissionKeyboard(12)).toEqual({
      inline_keyboard: [
        [
          { text: '✅ Allow', callback_data: 'perm:12:allow' },
          { text: '✅ Allow for session', callback_data: 'perm:12:allow-session' },
        ],
        [{ text: '⛔ Deny', callback_data: 'perm:12:deny' }],
      ],
    });
  });

  it('gives buttons whose data reads back as their decision', () => {
    const decisions = permissionKeyboard(3)
      .inline_keyboard.flat()
      .map((button) => parseCallbackData(button.callback_data));
    expect(decisions).toEqual([
      { kind: 'permission', permissionId: 3, decision: 'allow' },
      { kind: 'permission', permissionId: 3, decision: 'allow-session' },
      { kind: 'permission', permissionId: 3, decision: 'deny' },
    ]);
  });

  it('refuses an id that is not a row id', () => {
    expect(() => permissionKeyboard(0)).toThrow(RangeError);
  });
});

describe('notificationKeyboard', () => {
  it('offers the output and Esc of the session', () => {
    expect(notificationKeyboard(5)).toEqual({
      inline_keyboard: [
        [
          { text: '📄 Output', callback_data: 'out:5' },
          { text: '⎋ Esc', callback_data: 'esc:5' },
        ],
      ],
    });
  });
});

describe("the keyboards of hub-bot's own answers", () => {
  it('gives a new session Output, Esc and Stop', () => {
    expect(sessionKeyboard(7).inline_keyboard[0]?.map((b) => b.text)).toEqual([
      '📄 Output',
      '⎋ Esc',
      '⏹ Stop',
    ]);
    expect(actions(sessionKeyboard(7))).toEqual([
      [
        { kind: 'output', sessionId: 7 },
        { kind: 'esc', sessionId: 7 },
        { kind: 'stop', sessionId: 7, step: 'ask' },
      ],
    ]);
  });

  it('offers each project of a server on its own row, a long folder by its end', () => {
    const long = `/srv/${'deep/'.repeat(20)}webapp`;
    const markup = projectsKeyboard('kr4', ['~/webapp', long]);
    expect(markup.inline_keyboard.map((row) => row[0]?.text)).toEqual([
      '📁 ~/webapp',
      `📁 …${long.slice(-47)}`,
    ]);
    expect(actions(markup)).toEqual([
      [{ kind: 'new', serverId: 'kr4', projectIndex: 0, folderTag: folderTag('~/webapp') }],
      [{ kind: 'new', serverId: 'kr4', projectIndex: 1, folderTag: folderTag(long) }],
    ]);
    const many = projectsKeyboard(
      'kr4',
      Array.from({ length: 40 }, (_, i) => `~/p${i}`),
    );
    expect(many.inline_keyboard).toHaveLength(24);
  });

  it('answers the trust question yes or no, and asks before stopping a session', () => {
    expect(actions(trustKeyboard(3))).toEqual([
      [
        { kind: 'trust', launchId: 3, trust: true },
        { kind: 'trust', launchId: 3, trust: false },
      ],
    ]);
    expect(actions(stopConfirmKeyboard(5))).toEqual([
      [
        { kind: 'stop', sessionId: 5, step: 'sure' },
        { kind: 'stop', sessionId: 5, step: 'keep' },
      ],
    ]);
  });

  it('puts a row under /sessions for each session, at most 25', () => {
    const sessions = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `kr4:${i + 1}` }));
    const markup = sessionsKeyboard(sessions);
    expect(markup.inline_keyboard).toHaveLength(25);
    expect(markup.inline_keyboard[0]?.map((b) => b.text)).toEqual(['📄 kr4:1', '⎋ Esc', '⏹ Stop']);
    expect(markup.inline_keyboard.flat()).toHaveLength(75);
  });
});
