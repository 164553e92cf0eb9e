import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Context, MiddlewareFn } from 'telegraf';
import { ROOT_LOGGER } from '../config/bot-config.constant';
import { attachUpdateRecord, createUpdateRecord, type UpdateRecord } from './update-record.util';

function logLine(record: UpdateRecord): void {
  const { fields } = record;
  const line = { ...fields, ms: Date.now() - record.startedAt };
  if (record.unexpected !== undefined) {
    record.log.error({ ...line, err: record.unexpected }, 'update');
  } else if (fields.outcome === 'refused' || fields.outcome === 'failed') {
    record.log.warn(line, 'update');
  } else {
    record.log.info(line, 'update');
  }
}

/**
 * One log line per update, written when it has been handled: its update_id, chat, kind,
 * command, session, outcome and duration. Never the text typed: only its length.
 */
@Injectable()
export class UpdateLogMiddleware {
  constructor(@Inject(ROOT_LOGGER) private readonly root: Logger) {}

  middleware(): MiddlewareFn<Context> {
    return async (ctx, next) => {
      const record = createUpdateRecord(ctx.update, this.root);
      attachUpdateRecord(ctx, record);
      try {
        await next();
        record.fields.outcome ??= 'ignored';
      } catch (error) {
        record.fields.outcome = 'failed';
        record.fields.error_code ??= 'INTERNAL';
        record.unexpected = error;
      } finally {
        logLine(record);
      }
    };
  }
}
