export * from './lib/html.util';
export * from './lib/notification-message.util';
export * from './lib/telegram-limits.constant';
export * from './lib/callback-data.util';
export * from './lib/keyboard.util';
export * from './lib/permission-message.util';
export * from './lib/digest-message.util';
