import { loadBotConfig } from '@ccr/config';
import { ProcessedUpdateStore, openDatabase } from '@ccr/session-data-access';
import { TelegramBotApi } from '@ccr/telegram-bot-api';
import { FakeTelegramBotApi, makeTempDir, removeDir, waitFor } from '@ccr/testing';
import { join } from 'node:path';
import pino from 'pino';
import { Telegraf, type Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { DataSource } from 'typeorm';
import { TelegramReplies } from '../replies/telegram-replies.service';
import { ChatAllowListMiddleware } from './chat-allow-list.middleware';
import { telegrafModuleOptions } from './telegraf-options.util';
import { UpdateDedupeMiddleware } from './update-dedupe.middleware';
import { UpdateDispatcher } from './update-dispatcher.service';
import { UpdateLogMiddleware } from './update-log.middleware';
import { updateRecordOf } from './update-record.util';

const TOKEN = '123456789:TEST-token_for_the_fake_api';
const OWNER = 42;
const OTHER = 7;
const STRANGER = 99;

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the update pipeline (dispatch, log line, once only, allow-list) on real telegraf', () => {
  let telegram: FakeTelegramBotApi;
  let dir: string;
  let dataSource: DataSource;
  let dispatcher: UpdateDispatcher;
  let bot: Telegraf<Context>;
  let logLines: Array<Record<string, unknown>>;
  let handled: string[];
  let handler: (ctx: Context) => Promise<void>;
  let nextUpdateId = 1000;

  beforeEach(async () => {
    telegram = new FakeTelegramBotApi({ token: TOKEN });
    await telegram.start();
    dir = await makeTempDir('ccr-pipeline-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    logLines = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const config = loadBotConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: String(OWNER),
      TELEGRAM_ALLOWED_CHAT_IDS: String(OTHER),
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    dispatcher = new UpdateDispatcher();
    bot = new Telegraf<Context>(TOKEN, telegrafModuleOptions(config, []).options);
    bot.botInfo = {
      id: 123456789,
      is_bot: true,
      first_name: 'Bot',
      username: 'ccr_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    };
    bot.use(
      dispatcher.middleware(),
      new UpdateLogMiddleware(logger).middleware(),
      new UpdateDedupeMiddleware(new ProcessedUpdateStore(dataSource)).middleware(),
      new ChatAllowListMiddleware(
        config,
        new TelegramReplies(new TelegramBotApi({ apiRoot: telegram.apiRoot, token: TOKEN })),
      ).middleware(),
    );
    handled = [];
    handler = async (ctx) => {
      handled.push(ctx.text ?? '');
      updateRecordOf(ctx).fields.outcome = 'ok';
    };
    bot.on('message', (ctx) => handler(ctx));
  });

  afterEach(async () => {
    await dispatcher.drain(5_000);
    await dataSource.destroy();
    await telegram.stop();
    await removeDir(dir);
  });

  function update(chatId: number, text: string): Update {
    nextUpdateId += 1;
    return {
      ...telegram.messageUpdate(chatId, text),
      update_id: nextUpdateId,
    } as unknown as Update;
  }

  it('handles an update that is delivered twice once, and logs both deliveries', async () => {
    const again = update(OWNER, 'yes, go on');
    await bot.handleUpdate(again);
    await dispatcher.drain(5_000);
    await bot.handleUpdate(again);
    await dispatcher.drain(5_000);
    expect(handled).toEqual(['yes, go on']);
    expect(logLines.map((line) => [line['update_id'], line['outcome']])).toEqual([
      [again.update_id, 'ok'],
      [again.update_id, 'duplicate'],
    ]);
  });

  it('refuses a stranger once, logs each attempt, and never reaches a handler', async () => {
    await bot.handleUpdate(update(STRANGER, '/cmd kr4:1 rm -rf /'));
    await bot.handleUpdate(update(STRANGER, '/cmd kr4:1 please'));
    await dispatcher.drain(5_000);
    expect(handled).toEqual([]);
    const refusals = telegram.sentMessages(STRANGER);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.text).toContain(`<code>${STRANGER}</code>`);
    expect(logLines).toHaveLength(2);
    for (const line of logLines) {
      expect(line).toMatchObject({
        msg: 'update',
        chat_id: String(STRANGER),
        outcome: 'refused',
        error_code: 'CHAT_NOT_ALLOWED',
        level: 40,
      });
    }
  });

  describe('button presses', () => {
    let pressed: string[];
    beforeEach(() => {
      pressed = [];
      bot.on('callback_query', async (ctx) => {
        pressed.push('data' in ctx.callbackQuery ? ctx.callbackQuery.data : '');
        updateRecordOf(ctx).fields.outcome = 'ok';
        await ctx.answerCbQuery('Allowed');
      });
    });

    const press = (chatId: number, data: string): Update =>
      telegram.queueCallbackQuery(chatId, data) as unknown as Update;

    it('handles a press delivered twice once, and logs it as a button', async () => {
      const again = press(OWNER, 'perm:7:allow');
      await bot.handleUpdate(again);
      await dispatcher.drain(5_000);
      await bot.handleUpdate(again);
      await dispatcher.drain(5_000);
      expect(pressed).toEqual(['perm:7:allow']);
      expect(telegram.calls('answerCallbackQuery')).toHaveLength(1);
      expect(logLines.map((line) => [line['kind'], line['command'], line['outcome']])).toEqual([
        ['button', 'allow', 'ok'],
        ['button', 'allow', 'duplicate'],
      ]);
    });

    it('answers every press from a chat that is not allowed with a refusal, and goes no further', async () => {
      const forged = [press(STRANGER, 'perm:7:allow'), press(STRANGER, 'esc:3')];
      for (const update of forged) await bot.handleUpdate(update);
      await dispatcher.drain(5_000);
      expect(pressed).toEqual([]);
      const answers = telegram.calls('answerCallbackQuery');
      expect(answers.map((call) => call.params['callback_query_id'])).toEqual(
        forged.map((update) => ('callback_query' in update ? update.callback_query.id : '')),
      );
      for (const answer of answers) {
        expect(answer.failed).toBeFalsy();
        expect(String(answer.params['text'])).toContain(`chat's id is ${STRANGER}`);
      }
      expect(telegram.sentMessages(STRANGER)).toEqual([]);
      expect(logLines.map((line) => [line['command'], line['outcome'], line['chat_id']])).toEqual([
        ['allow', 'refused', String(STRANGER)],
        ['esc', 'refused', String(STRANGER)],
      ]);
    });
  });

  it('returns to the poller at once, keeps a chat in order and lets other chats pass', async () => {
    const gate = deferred();
    handler = async (ctx) => {
      if (ctx.text === 'slow') await gate.promise;
      handled.push(ctx.text ?? '');
    };
    // Each call returns before its handler ran: polling is never held up by a slow update.
    await bot.handleUpdate(update(OWNER, 'slow'));
    await bot.handleUpdate(update(OWNER, 'after slow'));
    await bot.handleUpdate(update(OTHER, 'other chat'));
    expect(dispatcher.inFlight).toBe(3);
    await waitFor(() => handled.includes('other chat'), { what: 'the other chat to be served' });
    expect(handled).toEqual(['other chat']);
    gate.resolve();
    await dispatcher.drain(5_000);
    expect(handled).toEqual(['other chat', 'slow', 'after slow']);
  });

  it('never puts the text of a message in its log line', async () => {
    await bot.handleUpdate(update(OWNER, 'secret words for claude'));
    await dispatcher.drain(5_000);
    expect(logLines).toHaveLength(1);
    expect(JSON.stringify(logLines)).not.toContain('secret words');
    expect(logLines[0]).toMatchObject({ kind: 'text', chat_id: String(OWNER), outcome: 'ok' });
    expect(typeof logLines[0]?.['ms']).toBe('number');
  });
});
