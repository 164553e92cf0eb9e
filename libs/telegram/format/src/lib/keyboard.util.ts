import {
  MAX_PROJECT_BUTTONS,
  escCallbackData,
  newCallbackData,
  outputCallbackData,
  permissionCallbackData,
  stopCallbackData,
  trustCallbackData,
} from './callback-data.util';

/** A button that sends its callback_data back to the bot when pressed. */
export interface InlineKeyboardButton {
  text: string;
  callback_data: string;
}

/** Telegram's `reply_markup` for buttons under a message. */
export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

/** Allow and Allow for session side by side, Deny alone below: harder to hit by mistake. */
export function permissionKeyboard(permissionId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '✅ Allow', callback_data: permissionCallbackData(permissionId, 'allow') },
        {
          text: '✅ Allow for session',
          callback_data: permissionCallbackData(permissionId, 'allow-session'),
        },
      ],
      [{ text: '⛔ Deny', callback_data: permissionCallbackData(permissionId, 'deny') }],
    ],
  };
}

/** Under a notification: the pane's recent output, and Esc to interrupt Claude. */
export function notificationKeyboard(sessionId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '📄 Output', callback_data: outputCallbackData(sessionId) },
        { text: '⎋ Esc', callback_data: escCallbackData(sessionId) },
      ],
    ],
  };
}

/** Under the answer to /new: the new session's screen, Escape, and Stop. */
export function sessionKeyboard(sessionId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '📄 Output', callback_data: outputCallbackData(sessionId) },
        { text: '⎋ Esc', callback_data: escCallbackData(sessionId) },
        { text: '⏹ Stop', callback_data: stopCallbackData(sessionId) },
      ],
    ],
  };
}

/** A button is one line on a phone: a long folder keeps its end, where its name is. */
const MAX_BUTTON_TEXT = 48;

function buttonText(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_BUTTON_TEXT
    ? text
    : `…${chars.slice(-(MAX_BUTTON_TEXT - 1)).join('')}`;
}

/** /new with a server alone: one button per project folder, in the order servers.json lists them. */
export function projectsKeyboard(
  serverId: string,
  projects: readonly string[],
): InlineKeyboardMarkup {
  return {
    inline_keyboard: projects.slice(0, MAX_PROJECT_BUTTONS).map((folder, index) => [
      {
        text: `📁 ${buttonText(folder)}`,
        callback_data: newCallbackData(serverId, index, folder),
      },
    ]),
  };
}

/** Under Claude Code's question whether to trust a folder. */
export function trustKeyboard(launchId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '✅ Trust the folder', callback_data: trustCallbackData(launchId, true) },
        { text: '✖ Cancel', callback_data: trustCallbackData(launchId, false) },
      ],
    ],
  };
}

/** /stop of a session the hub did not start: it asks first. */
export function stopConfirmKeyboard(sessionId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: '⏹ Stop it', callback_data: stopCallbackData(sessionId, 'sure') },
        { text: 'Keep it running', callback_data: stopCallbackData(sessionId, 'keep') },
      ],
    ],
  };
}

/** Most sessions /sessions puts buttons under: three each, within Telegram's 100. */
export const MAX_SESSION_BUTTON_ROWS = 25;

/** Under /sessions: one row per session, named, with its Output, Esc and Stop. */
export function sessionsKeyboard(
  sessions: ReadonlyArray<{ id: number; name: string }>,
): InlineKeyboardMarkup {
  return {
    inline_keyboard: sessions.slice(0, MAX_SESSION_BUTTON_ROWS).map((session) => [
      { text: `📄 ${session.name}`, callback_data: outputCallbackData(session.id) },
      { text: '⎋ Esc', callback_data: escCallbackData(session.id) },
      { text: '⏹ Stop', callback_data: stopCallbackData(session.id) },
    ]),
  };
}
