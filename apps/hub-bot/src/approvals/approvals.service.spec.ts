import {
  OutboxStore,
  PermissionStore,
  openDatabase,
  type CreatePermissionInput,
} from '@ccr/session-data-access';
import { makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import pino from 'pino';
import { TelegramError, type Telegram } from 'telegraf';
import type { DataSource } from 'typeorm';
import type { UpdateRecord } from '../telegram/update-record.util';
import { ApprovalsService } from './approvals.service';

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

interface EditCall {
  chatId: string | number | undefined;
  messageId: number | undefined;
  text: string;
  extra: unknown;
}

describe('ApprovalsService (real SQLite, stub Telegram)', () => {
  let dir: string;
  let dataSource: DataSource;
  let permissions: PermissionStore;
  let outbox: OutboxStore;
  let service: ApprovalsService;
  let edits: EditCall[];
  let failEdit: (call: EditCall) => Error | undefined;
  let logLines: Array<Record<string, unknown>>;
  let telegram: Telegram;
  let now: Date;

  beforeEach(async () => {
    dir = await makeTempDir('ccr-approvals-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    now = new Date();
    permissions = new PermissionStore(dataSource, { clock: () => now });
    outbox = new OutboxStore(dataSource);
    service = new ApprovalsService(permissions, outbox);
    edits = [];
    failEdit = () => undefined;
    logLines = [];
    const stub: Pick<Telegram, 'editMessageText'> = {
      editMessageText: async (chatId, messageId, _inline, text, extra) => {
        const call = { chatId, messageId, text: String(text), extra };
        edits.push(call);
        const error = failEdit(call);
        if (error) throw error;
        return true;
      },
    };
    telegram = stub as Telegram;
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

  /** A request whose message went to two chats, as hub-api's sender records it. */
  async function asked(input: Partial<CreatePermissionInput> = {}): Promise<number> {
    const created = await permissions.create({ ...REQUEST, ...input }, { chatIds: ['100', '200'] });
    for (const [chatId, messageId] of [
      ['100', 41],
      ['200', 42],
    ] as const) {
      const [row] = await outbox.pendingForChat(chatId, 1);
      await outbox.markSent([row!.id], messageId);
    }
    return created.request.id;
  }

  it('records the first press, edits every message to the outcome without buttons, and names the decision', async () => {
    const id = await asked();
    const first = record();
    expect(await service.press(telegram, first, id, 'allow-session', ANA)).toBe(
      'Allowed for this session',
    );
    expect(first.fields).toMatchObject({ outcome: 'ok', session: 'kr4:1', server: 'kr4' });
    expect(edits.map((e) => [e.chatId, e.messageId])).toEqual([
      ['100', 41],
      ['200', 42],
    ]);
    for (const edit of edits) {
      expect(edit.extra).toEqual({ parse_mode: 'HTML' });
      expect(edit.text).toMatch(/✅ Allowed for this session by @ana at \d\d:\d\d UTC$/);
    }
    expect((await permissions.getById(id))?.request).toMatchObject({
      status: 'allow-session',
      decidedBy: '@ana',
    });

    // Another person, or the same one again: nothing changes, nothing is edited.
    const second = record();
    expect(await service.press(telegram, second, id, 'deny', BOB)).toBe(
      'Already answered: Allowed for this session by @ana',
    );
    expect(second.fields.outcome).toBe('ignored');
    expect(edits).toHaveLength(2);
    expect((await permissions.getById(id))?.request.status).toBe('allow-session');
  });

  it('takes "message is not modified" as done, and logs an edit that failed without failing the press', async () => {
    const id = await asked();
    failEdit = (call) =>
      new TelegramError({
        error_code: 400,
        description:
          call.chatId === '100'
            ? 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same'
            : 'Bad Request: message to edit not found',
      });
    expect(await service.press(telegram, record(), id, 'deny', BOB)).toBe('Denied');
    expect(edits).toHaveLength(2);
    expect(logLines).toEqual([
      expect.objectContaining({
        msg: 'could not edit the permission message to its outcome',
        chat_id: '200',
        message_id: 42,
      }),
    ]);
    expect((await permissions.getById(id))?.request).toMatchObject({
      status: 'deny',
      decidedBy: 'Bob',
    });
  });

  it('says the request is gone when there is none, and Expired once its CLI stopped waiting', async () => {
    const gone = record();
    expect(await service.press(telegram, gone, 999, 'allow', ANA)).toBe('This request is gone');
    expect(gone.fields).toMatchObject({ outcome: 'ignored', error_code: 'PERMISSION_NOT_FOUND' });

    const id = await asked({ requestId: 'req-short', timeoutSeconds: 1 });
    now = new Date(now.getTime() + 1000);
    expect(await service.press(telegram, record(), id, 'allow', ANA)).toBe(
      'Expired: Claude asks on the server now',
    );
    expect(edits).toEqual([]);
    expect((await permissions.getById(id))?.request.status).toBe('pending');
  });
});
