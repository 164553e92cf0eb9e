import { escCallbackData, outputCallbackData, permissionCallbackData } from './callback-data.util';

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
