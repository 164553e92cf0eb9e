export * from './lib/html.util';
export * from './lib/notification-message.util';
export * from './lib/telegram-limits.constant';
