import { Test } from '@nestjs/testing';
import { loadBotConfig } from '@ccr/config';
import { FakeTelegramBotApi } from '@ccr/testing';
import { Agent as HttpsAgent } from 'node:https';
import { TelegrafModule, getBotToken } from 'nestjs-telegraf';
import type { Context, MiddlewareFn, Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { apiAgentFor, telegrafModuleOptions } from './telegraf-options.util';

const TOKEN = '123456789:TEST-token_for_the_fake_api';

describe('telegrafModuleOptions, as nestjs-telegraf builds the bot from them', () => {
  const telegram = new FakeTelegramBotApi({ token: TOKEN });
  beforeAll(() => telegram.start());
  afterAll(() => telegram.stop());

  it('asks nothing of Telegram at start-up, reaches a plain-http API root, and runs the middlewares in order', async () => {
    const config = loadBotConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '42',
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    const seen: string[] = [];
    const first: MiddlewareFn<Context> = async (_ctx, next) => {
      seen.push('first');
      await next();
    };
    const second: MiddlewareFn<Context> = async () => {
      seen.push('second');
    };
    const moduleRef = await Test.createTestingModule({
      imports: [TelegrafModule.forRoot(telegrafModuleOptions(config, [first, second]))],
    }).compile();
    await moduleRef.init();
    const bot = moduleRef.get<Telegraf<Context>>(getBotToken());
    // nestjs-telegraf stops the bot at shutdown, which telegraf refuses when it never polled;
    // BotLauncher guards that in the app.
    bot.stop = () => undefined;
    try {
      // BotLauncher connects once every handler is registered; the module itself must not.
      expect(telegram.calls()).toEqual([]);

      // telegraf's default agent speaks https only: a plain-http API root needs ours.
      bot.botInfo = await bot.telegram.getMe();
      expect(telegram.calls('getMe')).toHaveLength(1);

      await bot.handleUpdate({
        ...telegram.messageUpdate(42, 'hello'),
        update_id: 1,
      } as unknown as Update);
      expect(seen).toEqual(['first', 'second']);
    } finally {
      await moduleRef.close();
    }
  });
});

describe('apiAgentFor', () => {
  it('speaks the protocol of the API root', () => {
    expect(apiAgentFor('https://api.telegram.org')).toBeInstanceOf(HttpsAgent);
    expect(apiAgentFor('http://127.0.0.1:8081')).not.toBeInstanceOf(HttpsAgent);
  });
});
