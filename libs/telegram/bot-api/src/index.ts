export * from './lib/telegram-api.error';
export * from './lib/telegram-bot-api.client';
