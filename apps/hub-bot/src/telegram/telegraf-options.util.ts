import type { BotConfig } from '@ccr/config';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { TelegrafModuleOptions } from 'nestjs-telegraf';
import type { Context, MiddlewareFn } from 'telegraf';

/**
 * One keep-alive agent for the Bot API, of the API root's protocol: telegraf's default agent
 * speaks https only, and a local Bot API server (or a test's fake one) is often plain http.
 */
export function apiAgentFor(apiRoot: string): HttpAgent {
  const options = { keepAlive: true, keepAliveMsecs: 10_000 };
  return new URL(apiRoot).protocol === 'http:' ? new HttpAgent(options) : new HttpsAgent(options);
}

/**
 * The bot's options for nestjs-telegraf, which hub-bot uses to receive updates and to set the
 * bot up (getMe, the command menu, the webhook); it sends through `@ccr/telegram-bot-api`.
 * `launchOptions` is false: BotLauncher launches once
 * Nest has registered every handler, retries while Telegram is unreachable, and stops on a
 * token Telegram refuses, none of which a launch from the module factory would do.
 */
export function telegrafModuleOptions(
  config: BotConfig,
  middlewares: ReadonlyArray<MiddlewareFn<Context>>,
): TelegrafModuleOptions {
  return {
    token: config.telegram.botToken,
    launchOptions: false,
    middlewares,
    options: {
      telegram: {
        apiRoot: config.telegram.apiRoot,
        agent: apiAgentFor(config.telegram.apiRoot),
        // telegraf sends nothing in a webhook's response: hub-bot's answers go out through
        // TelegramReplies as calls of their own, seen to fail or succeed.
        webhookReply: false,
      },
    },
  };
}
