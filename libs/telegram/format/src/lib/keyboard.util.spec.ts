import { parseCallbackData } from './callback-data.util';
import { notificationKeyboard, permissionKeyboard } from './keyboard.util';

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
