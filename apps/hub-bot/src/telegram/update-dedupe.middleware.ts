import { Injectable } from '@nestjs/common';
import { ProcessedUpdateStore } from '@ccr/session-data-access';
import type { Context, MiddlewareFn } from 'telegraf';
import { updateRecordOf } from './update-record.util';

/**
 * Handles each update once: its update_id is claimed in the database before anything else
 * happens, and an update delivered again (a webhook retry, a restart before the polling offset
 * was confirmed) finds it claimed and is dropped.
 */
@Injectable()
export class UpdateDedupeMiddleware {
  constructor(private readonly processed: ProcessedUpdateStore) {}

  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      if (!(await this.processed.claim(ctx.update.update_id))) {
        updateRecordOf(ctx).fields.outcome = 'duplicate';
        return;
      }
      await next();
    };
  }
}
