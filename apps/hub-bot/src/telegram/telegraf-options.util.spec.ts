import { loadBotConfig } from '@ccr/config';
import { Agent as HttpsAgent } from 'node:https';
import type { Context, MiddlewareFn } from 'telegraf';
import { apiAgentFor, telegrafModuleOptions } from './telegraf-options.util';

const TOKEN = '123456789:AAE_valid-token_abcdefghijk';

describe('telegrafModuleOptions', () => {
  it('points telegraf at the API root, keeps launching to the app and passes the middlewares', () => {
    const config = loadBotConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '42',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
    });
    const middleware: MiddlewareFn<Context> = (_ctx, next) => next();
    const options = telegrafModuleOptions(config, [middleware]);
    expect(options.token).toBe(TOKEN);
    expect(options.launchOptions).toBe(false);
    expect(options.middlewares).toEqual([middleware]);
    expect(options.options?.telegram).toMatchObject({
      apiRoot: 'http://127.0.0.1:8081',
      webhookReply: false,
    });
  });
});

describe('apiAgentFor', () => {
  it('speaks the protocol of the API root', () => {
    expect(apiAgentFor('https://api.telegram.org')).toBeInstanceOf(HttpsAgent);
    expect(apiAgentFor('http://127.0.0.1:8081')).not.toBeInstanceOf(HttpsAgent);
  });
});
