import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { backoffDelay, type Backoff } from '@ccr/shared-util';
import { TelegramFailure, telegramFailureOf } from '@ccr/telegram-bot-api';
import type { NextFunction, Request, Response } from 'express';
import { InjectBot } from 'nestjs-telegraf';
import { Telegraf, TelegramError, type Context } from 'telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { ALLOWED_UPDATES, BOT_COMMANDS } from './bot-commands.constant';
import { LeaseUnavailableError, PollingLease } from './polling-lease.service';
import { UpdateDispatcher } from './update-dispatcher.service';

export type BotMode = 'polling' | 'webhook';
export type BotState = 'starting' | 'running' | 'stopping' | 'failed';

/** Between attempts to reach Telegram at start-up. */
const CONNECT_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 60_000 };
/** How long shutdown waits for updates already taken to be answered. */
const DRAIN_TIMEOUT_MS = 15_000;
const POLLING_STOP_TIMEOUT_MS = 5_000;

/**
 * Telegram's answers that no retry will change: a wrong token, another poller, a bad URL. Read
 * by the same rule as every other Bot API answer: only rate limits and transient failures pass.
 */
export function isFatalTelegramError(error: unknown): error is TelegramError {
  if (!(error instanceof TelegramError)) return false;
  const failure = telegramFailureOf(error.code);
  return failure === TelegramFailure.Unauthorized || failure === TelegramFailure.Rejected;
}

export function describeFatal(error: TelegramError, mode: BotMode): string {
  switch (error.code) {
    case 401:
    case 404:
      return `Telegram refused TELEGRAM_BOT_TOKEN (${error.code} ${error.description}): check the token with @BotFather`;
    case 409:
      // Telegram ends the poll that was waiting when another getUpdates comes, so this is the
      // hub-bot that was polling first, told that a second one started (or a webhook was set).
      return mode === 'polling'
        ? `another hub-bot (or another program with this token) is now receiving this bot's updates (409 ${error.description}): only one hub-bot may long-poll, so this one stops. Stop the other one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database), where several may run at once`
        : `Telegram refused the webhook (409 ${error.description})`;
    default:
      return `Telegram refused the bot's set-up (${error.code} ${error.description}); check TELEGRAM_WEBHOOK_URL`;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Connects the bot to Telegram once Nest has registered every handler: checks the token
 * (getMe), registers the command menu, then either long-polls (after deleteWebhook) or sets
 * the webhook with its secret. While Telegram is unreachable it retries with backoff; a token
 * or webhook that Telegram refuses ends the app (`fatal`). Long polling needs the database's
 * polling lease first: a hub-bot that finds another one holding it ends the app before its
 * first getUpdates, which would end the other one's poll. At shutdown it stops taking updates,
 * releases the lease and waits for the updates already taken.
 */
@Injectable()
export class BotLauncher
  implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown
{
  private readonly logger = new Logger(BotLauncher.name);
  private state: BotState = 'starting';
  private polling: Promise<void> | undefined;
  private pollingActive = false;
  private stopRequested = false;
  private readonly stopTelegraf: (reason?: string) => void;
  private reportFatal: (message: string) => void = () => undefined;
  /** Resolves with a message when Telegram refused the bot for good. */
  readonly fatal: Promise<string>;

  constructor(
    @InjectBot() private readonly bot: Telegraf<Context>,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
    private readonly dispatcher: UpdateDispatcher,
    private readonly lease: PollingLease,
  ) {
    this.fatal = new Promise((resolve) => (this.reportFatal = resolve));
    this.stopTelegraf = bot.stop.bind(bot);
    // nestjs-telegraf stops the bot at shutdown, and telegraf throws when the bot does not
    // poll (webhook mode, or not connected yet), which would fail the whole shutdown.
    bot.stop = (reason?: string) => {
      if (!this.pollingActive) return;
      this.pollingActive = false;
      this.stopTelegraf(reason);
    };
  }

  get mode(): BotMode {
    return this.config.telegram.webhook ? 'webhook' : 'polling';
  }

  get status(): BotState {
    return this.state;
  }

  onApplicationBootstrap(): void {
    void this.connect();
  }

  /**
   * Express middleware for the webhook path: telegraf's webhookCallback checks the method,
   * the path and X-Telegram-Bot-Api-Secret-Token, and answers 403 when one is wrong.
   */
  webhookHandler(): (req: Request, res: Response, next: NextFunction) => void {
    const webhook = this.config.telegram.webhook;
    if (!webhook) throw new Error('webhookHandler: the bot is in long-polling mode');
    const callback = this.bot.webhookCallback(webhook.path, { secretToken: webhook.secret });
    return (req, res, next) => {
      if (req.path !== webhook.path) {
        next();
        return;
      }
      callback(req, res).catch((error: unknown) => {
        this.logger.error({ msg: 'webhook request failed', err: error });
        if (!res.headersSent) res.status(500).end();
      });
    };
  }

  async onModuleDestroy(): Promise<void> {
    this.stopRequested = true;
    this.state = 'stopping';
    if (this.pollingActive) {
      this.bot.stop('shutdown');
      // Telegraf confirms the offset of the updates taken before it lets go.
      await Promise.race([this.polling, sleep(POLLING_STOP_TIMEOUT_MS)]);
    }
    await this.lease.release();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dispatcher.inFlight === 0) return;
    this.logger.log({ msg: `waiting for ${this.dispatcher.inFlight} update(s) to be answered` });
    if (!(await this.dispatcher.drain(DRAIN_TIMEOUT_MS))) {
      this.logger.warn({ msg: 'stopping with updates still unanswered' });
    }
  }

  private async connect(): Promise<void> {
    for (let attempt = 0; !this.stopRequested; attempt += 1) {
      try {
        await this.start();
        return;
      } catch (error) {
        if (this.stopRequested) return;
        if (isFatalTelegramError(error)) {
          this.fail(error);
          return;
        }
        const delay = backoffDelay(attempt, CONNECT_BACKOFF);
        const unreachable =
          error instanceof LeaseUnavailableError
            ? error.message
            : `cannot reach Telegram at ${this.config.telegram.apiRoot}`;
        this.logger.warn({
          msg: `${unreachable}; trying again in ${delay} ms`,
          err: error,
        });
        await sleep(delay);
      }
    }
  }

  private async start(): Promise<void> {
    const me = await this.bot.telegram.getMe();
    this.bot.botInfo = me;
    await this.bot.telegram.setMyCommands([...BOT_COMMANDS]);
    const webhook = this.config.telegram.webhook;
    if (webhook) {
      await this.bot.telegram.setWebhook(webhook.url, {
        secret_token: webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      this.state = 'running';
      this.logger.log({
        msg: `@${me.username}: webhook set, updates come to ${webhook.url}`,
        secret:
          webhook.secretSource === 'generated' ? 'generated at start' : 'TELEGRAM_WEBHOOK_SECRET',
      });
      return;
    }
    const refused = await this.lease.take(me.id, (message) => this.leaseLost(message));
    if (refused !== null) {
      this.state = 'failed';
      this.reportFatal(refused);
      return;
    }
    if (this.stopRequested) {
      // Shutdown began while the lease was being taken and found none to release: give it
      // back, or the next hub-bot would wait for it to go stale.
      await this.lease.release();
      return;
    }
    // launch() deletes any webhook, then long-polls until stop(); it settles when polling ends.
    this.pollingActive = true;
    this.polling = this.bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).then(
      () => undefined,
      (error: unknown) => this.pollingFailed(error),
    );
    this.state = 'running';
    this.logger.log({ msg: `@${me.username}: long polling ${this.config.telegram.apiRoot}` });
  }

  private pollingFailed(error: unknown): void {
    this.pollingActive = false;
    if (this.stopRequested) return;
    if (isFatalTelegramError(error)) {
      this.fail(error);
      return;
    }
    this.state = 'starting';
    this.logger.warn({ msg: 'long polling stopped; connecting again', err: error });
    void sleep(CONNECT_BACKOFF.firstMs).then(() => this.connect());
  }

  private leaseLost(message: string): void {
    if (this.stopRequested) return;
    this.state = 'failed';
    this.bot.stop('long-polling lease lost');
    this.reportFatal(message);
  }

  private fail(error: TelegramError): void {
    this.state = 'failed';
    this.reportFatal(describeFatal(error, this.mode));
  }
}
