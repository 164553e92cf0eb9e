export * from './lib/telegram-api.error';
export * from './lib/telegram-bot-api.client';
export * from './lib/telegram-file.error';
