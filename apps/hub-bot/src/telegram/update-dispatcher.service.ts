import { Injectable, Logger } from '@nestjs/common';
import { KeyedSerialQueue } from '@ccr/shared-util';
import type { Context, MiddlewareFn } from 'telegraf';
import { chatIdOf } from './update-record.util';

/**
 * Hands each update to the rest of the pipeline in its chat's queue and returns at once.
 *
 * Telegraf's long polling waits for a whole batch of updates before it asks for more, and a
 * webhook request waits for its update: one server that takes its SSH connect timeout to fail
 * would hold up every chat. In the queue, a chat's updates still run in the order they were
 * sent, so two answers to one pane are typed in that order.
 */
@Injectable()
export class UpdateDispatcher {
  private readonly logger = new Logger(UpdateDispatcher.name);
  private readonly queue = new KeyedSerialQueue();

  middleware(): MiddlewareFn<Context> {
    return (ctx, next) => {
      const key = chatIdOf(ctx.update) ?? 'no-chat';
      this.queue.run(key, next).catch((error: unknown) => {
        // The update-log middleware catches what handlers throw; this is the last resort.
        this.logger.error({ msg: 'update failed', update_id: ctx.update.update_id, err: error });
      });
      return Promise.resolve();
    };
  }

  /** Updates taken and not finished yet. */
  get inFlight(): number {
    return this.queue.size;
  }

  /** Waits until every update taken so far is handled, or `timeoutMs` passed; true if done. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = await Promise.race([this.queue.idle().then(() => true as const), timeout]);
    clearTimeout(timer);
    return done;
  }
}
