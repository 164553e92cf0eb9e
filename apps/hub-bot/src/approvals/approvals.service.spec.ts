import {
  OutboxStore,
  PermissionStore,
  openDatabase,
  type CreatePermissionInput,
} from '@ccr/session-data-access';
import { TelegramBotApi } from '@ccr/telegram-bot-api';
import { permissionKeyboard, permissionOutcomeMessage } from '@ccr/telegram-format';
import { FakeTelegramBotApi, makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { UpdateRecord } from '../telegram/update-record.util';
import { RequestMessages } from '../requests/request-messages.service';
import { ApprovalsService } from './approvals.service';

const TOKEN = '123456789:TEST-token_for_the_fake_api';
const ANA = { id: 1, first_name: 'Ana', username: 'ana' };
const BOB = { id: 2, first_name: 'Bob' };

const REQUEST: CreatePermissionInput = {
  serverId: 'kr4',
  project: 'webapp',
  requestId: 'req-1',
  claudeSessionId: 'claude-a',
  toolName: 'Bash',
  toolInput: { command: 'npm install' },
  timeoutSeconds: 300,
};

describe('ApprovalsService (real SQLite, Bot API on loopback)', () => {
  const api = new FakeTelegramBotApi({ token: TOKEN });
  let dir: string;
  let dataSource: DataSource;
  let permissions: PermissionStore;
  let outbox: OutboxStore;
  let telegram: TelegramBotApi;
  let service: ApprovalsService;
  let logLines: Array<Record<string, unknown>>;
  let now: Date;

  beforeAll(() => api.start());
  afterAll(() => api.stop());

  beforeEach(async () => {
    api.reset();
    dir = await makeTempDir('ccr-approvals-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    now = new Date();
    permissions = new PermissionStore(dataSource, { clock: () => now });
    outbox = new OutboxStore(dataSource);
    telegram = new TelegramBotApi({ apiRoot: api.apiRoot, token: TOKEN });
    service = new ApprovalsService(permissions, new RequestMessages(outbox, telegram));
    logLines = [];
  });

  afterEach(async () => {
    await dataSource.destroy();
    await removeDir(dir);
  });

  function record(): UpdateRecord {
    const log = pino(
      { level: 'info' },
      { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    return { updateId: 1, chatId: '100', log, startedAt: 0, fields: { kind: 'button' } };
  }

  const edits = () => api.calls('editMessageText');

  /**
   * A request whose message went to two chats with its buttons, as hub-api's sender sends and
   * records it; `messageIds` overrides the id recorded for a chat.
   */
  async function asked(
    input: Partial<CreatePermissionInput> = {},
    messageIds: Record<string, number> = {},
  ): Promise<{ id: number; messages: Array<[string, number]> }> {
    const created = await permissions.create({ ...REQUEST, ...input }, { chatIds: ['100', '200'] });
    const id = created.request.id;
    const messages: Array<[string, number]> = [];
    for (const chatId of ['100', '200']) {
      const sent = await telegram.sendMessage(chatId, 'Allow <b>npm install</b>?', {
        replyMarkup: permissionKeyboard(id),
      });
      const messageId = messageIds[chatId] ?? sent.message_id;
      const look = await outbox.takeDue(chatId, 1, (items) => ({
        claim: items.map((item) => item.id),
      }));
      if ('closed' in look) throw new Error(`chat ${chatId} is closed`);
      await outbox.markSent(look.claim, messageId);
      messages.push([chatId, messageId]);
    }
    return { id, messages };
  }

  it('records the first press, edits every message to the outcome without buttons, and names the decision', async () => {
    const { id, messages } = await asked();
    const first = record();
    expect(await service.press(first, id, 'allow-session', ANA)).toBe('Allowed for this session');
    expect(first.fields).toMatchObject({ outcome: 'ok', session: 'kr4:1', server: 'kr4' });
    expect(
      edits().map((edit) => [String(edit.params['chat_id']), edit.params['message_id']]),
    ).toEqual(messages);
    for (const edit of edits()) {
      expect(edit.params).toMatchObject({
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      });
      expect(edit.params['text']).toMatch(/✅ Allowed for this session by @ana at \d\d:\d\d UTC$/);
    }
    for (const [chatId, messageId] of messages) {
      expect(api.message(Number(chatId), messageId)?.reply_markup).toBeUndefined();
    }
    expect((await permissions.getById(id))?.request).toMatchObject({
      status: 'allow-session',
      decidedBy: '@ana',
    });

    // Another person, or the same one again: nothing changes, nothing is edited.
    const second = record();
    expect(await service.press(second, id, 'deny', BOB)).toBe(
      'Already answered: Allowed for this session by @ana',
    );
    expect(second.fields.outcome).toBe('ignored');
    expect(edits()).toHaveLength(2);
    expect((await permissions.getById(id))?.request.status).toBe('allow-session');
  });

  it('takes "message is not modified" as done, and logs an edit that failed without failing the press', async () => {
    // Chat 100's message already shows the outcome (hub-api got there first); chat 200's is gone.
    const { id, messages } = await asked({}, { '200': 9_999 });
    const stored = (await permissions.getById(id))!;
    const outcome = permissionOutcomeMessage(
      { ...stored.request, status: 'deny', decidedBy: 'Bob', decidedAt: now },
      stored.session,
      now,
    );
    await telegram.editMessageText('100', messages[0]![1], outcome);

    expect(await service.press(record(), id, 'deny', BOB)).toBe('Denied');
    expect(edits().map((edit) => edit.failed)).toEqual([false, true, true]);
    expect(logLines).toEqual([
      expect.objectContaining({
        msg: 'could not edit a request message',
        chat_id: '200',
        message_id: 9_999,
      }),
    ]);
    expect((await permissions.getById(id))?.request).toMatchObject({
      status: 'deny',
      decidedBy: 'Bob',
    });
  });

  it('says the request is gone when there is none, and Timed out once its CLI stopped waiting', async () => {
    const gone = record();
    expect(await service.press(gone, 999, 'allow', ANA)).toBe('This request is gone');
    expect(gone.fields).toMatchObject({ outcome: 'ignored', error_code: 'PERMISSION_NOT_FOUND' });

    const { id } = await asked({ requestId: 'req-short', timeoutSeconds: 1 });
    now = new Date(now.getTime() + 1000);
    expect(await service.press(record(), id, 'allow', ANA)).toBe(
      'Timed out: Claude asks on the server now',
    );
    expect(edits()).toEqual([]);
    expect((await permissions.getById(id))?.request.status).toBe('pending');
  });
});
