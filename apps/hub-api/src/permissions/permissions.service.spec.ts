import { Logger } from '@nestjs/common';
import { loadHubConfig, type ServersConfig } from '@ccr/config';
import {
  AnswerStore,
  PermissionNotFoundError,
  PermissionStore,
  openDatabase,
} from '@ccr/session-data-access';
import { makeTempDir, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { OutboxSender } from '../outbox/outbox-sender.service';
import type { PermissionRequestDto } from './dto/permission-request.dto';
import type { PermissionExpiry } from './permission-expiry.service';
import { PermissionsService } from './permissions.service';

const SERVERS: ServersConfig = {
  servers: [{ id: 'kr4', type: 'local' }],
  source: undefined,
  central: {},
  warnings: [],
};

/** Counts the wake-ups a collaborator gets. */
class WakeCounter {
  wakes = 0;
  wake(): void {
    this.wakes += 1;
  }
}

function requestBody(overrides: Partial<PermissionRequestDto> = {}): PermissionRequestDto {
  return {
    serverId: 'kr4',
    project: 'webapp',
    requestId: 'req-1',
    claudeSessionId: 'claude-a',
    toolName: 'Bash',
    toolInput: { command: 'npm test' },
    timeoutSeconds: 300,
    ...overrides,
  };
}

describe('PermissionsService', () => {
  // The services log every request; the assertions say what matters here. (Jest gives each
  // test file its own modules, so this does not reach other files.)
  beforeAll(() => Logger.overrideLogger(false));

  let dir: string;
  let dataSource: DataSource;
  let botSource: DataSource;
  let sender: WakeCounter;
  let expiry: WakeCounter;
  let service: PermissionsService;

  const makeService = (env: NodeJS.ProcessEnv) =>
    new PermissionsService(
      new PermissionStore(dataSource),
      sender as unknown as OutboxSender,
      expiry as unknown as PermissionExpiry,
      loadHubConfig({ DATA_DIR: dir, ...env }),
      SERVERS,
    );

  beforeEach(async () => {
    dir = await makeTempDir('ccr-permissions-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    // hub-bot's own connection to the same file.
    botSource = await openDatabase({ path: join(dir, 'sessions.db') });
    sender = new WakeCounter();
    expiry = new WakeCounter();
    service = makeService({
      TELEGRAM_BOT_TOKEN: '123456789:TEST-token_for_the_fake_api',
      TELEGRAM_CHAT_ID: '100',
    });
  });

  afterEach(async () => {
    await dataSource.destroy();
    await botSource.destroy();
    await removeDir(dir);
  });

  const wait = (overrides: { serverId?: string; requestId?: string; waitSeconds?: number } = {}) =>
    service.wait(
      { serverId: 'kr4', requestId: 'req-1', waitSeconds: 25, nonce: 'n', ...overrides },
      new AbortController().signal,
    );

  it('stores a request, answers with its session and expiry, and wakes expiry and sender', async () => {
    const accepted = await service.create(requestBody());
    expect(accepted).toEqual({
      requestId: 'req-1',
      session: 'kr4:1',
      token: expect.stringMatching(/^[A-Z0-9]{8}$/),
      expiresAt: expect.any(String),
    });
    const stored = await new PermissionStore(botSource).get('req-1');
    expect(stored?.request.expiresAt.toISOString()).toBe(accepted.expiresAt);
    expect([expiry.wakes, sender.wakes]).toEqual([1, 1]);

    const again = await service.create(requestBody());
    expect(again).toEqual(accepted);
    expect([expiry.wakes, sender.wakes]).toEqual([1, 1]);
  });

  it('queues nothing for Telegram when it is off, and wakes no sender', async () => {
    service = makeService({});
    await service.create(requestBody());
    expect(sender.wakes).toBe(0);
    expect(await dataSource.query('SELECT count(*) AS n FROM outbox')).toEqual([{ n: 0 }]);
  });

  it('answers a decided request at once', async () => {
    const accepted = await service.create(requestBody());
    const bot = new PermissionStore(botSource);
    const stored = await bot.get(accepted.requestId);
    await bot.decide(stored!.request.id, 'deny', 'Ann');
    const answer = await wait();
    expect(answer).toEqual({
      requestId: 'req-1',
      status: 'deny',
      decidedAt: expect.any(String),
      decidedBy: 'Ann',
    });
  });

  it('answers pending after waitSeconds 0, then the decision hub-bot writes while it waits', async () => {
    await service.create(requestBody());
    expect(await wait({ waitSeconds: 0 })).toEqual({ requestId: 'req-1', status: 'pending' });

    const waiting = wait();
    const bot = new PermissionStore(botSource);
    const { request } = (await bot.get('req-1'))!;
    await bot.decide(request.id, 'allow-session', 'Ann');
    expect(await waiting).toMatchObject({ status: 'allow-session', decidedBy: 'Ann' });
  });

  it("refuses an unknown requestId, and another server's, as not found", async () => {
    await service.create(requestBody());
    await expect(wait({ requestId: 'nope' })).rejects.toBeInstanceOf(PermissionNotFoundError);
    await expect(wait({ serverId: 'web' })).rejects.toBeInstanceOf(PermissionNotFoundError);
  });

  it('ends every long poll with the current status when the hub shuts down', async () => {
    await service.create(requestBody());
    const waits = [wait(), wait()];
    service.beforeApplicationShutdown();
    expect(await Promise.all(waits)).toEqual([
      { requestId: 'req-1', status: 'pending' },
      { requestId: 'req-1', status: 'pending' },
    ]);
  });

  const QUESTIONS = [
    {
      question: 'Which colour?',
      header: 'Colour',
      options: [
        { label: 'Red', description: '' },
        { label: 'Blue', description: '' },
      ],
      multiSelect: false,
    },
    {
      question: 'Which sizes?',
      header: 'Sizes',
      options: [
        { label: 'S', description: '' },
        { label: 'M', description: '' },
      ],
      multiSelect: true,
    },
  ];

  it('queues a message per question, and answers the answers once every question has one', async () => {
    await service.create(
      requestBody({ toolName: 'AskUserQuestion', toolInput: { questions: QUESTIONS } }),
    );
    expect(await dataSource.query('SELECT kind, part FROM outbox ORDER BY id')).toEqual([
      { kind: 'permission', part: 0 },
      { kind: 'permission', part: 1 },
    ]);
    const id = (await new PermissionStore(botSource).get('req-1'))!.request.id;
    const answers = new AnswerStore(botSource);
    await answers.choose(id, 0, 1, '@ana');
    expect(await wait({ waitSeconds: 0 })).toEqual({ requestId: 'req-1', status: 'pending' });
    await answers.choose(id, 1, 0, '@ana');
    await answers.writeOther(id, 1, 'XL', '@ana');
    await answers.finish(id, 1, '@ana');
    expect(await wait()).toEqual({
      requestId: 'req-1',
      status: 'allow',
      decidedAt: expect.any(String),
      decidedBy: '@ana',
      answers: [{ options: [1] }, { options: [0], other: 'XL' }],
    });
  });

  it('answers a plan sent back with its feedback', async () => {
    await service.create(requestBody({ toolName: 'ExitPlanMode', toolInput: { plan: '# P' } }));
    const id = (await new PermissionStore(botSource).get('req-1'))!.request.id;
    await new AnswerStore(botSource).sendBackPlan(id, 'Rename the icon too', '@ana');
    expect(await wait()).toMatchObject({ status: 'deny', feedback: 'Rename the icon too' });
  });

  it('closes a request the terminal answered, once, and has its messages edited', async () => {
    await service.create(requestBody());
    const wakes = sender.wakes;
    const answered = { serverId: 'kr4', requestId: 'req-1', nonce: 'n' };
    expect(await service.answeredOnServer(answered)).toEqual({
      requestId: 'req-1',
      status: 'answered-on-server',
      decidedAt: expect.any(String),
    });
    expect(sender.wakes).toBe(wakes + 1);
    expect(await service.answeredOnServer({ ...answered, nonce: 'm' })).toMatchObject({
      status: 'answered-on-server',
    });
    expect(sender.wakes).toBe(wakes + 1);
    await expect(service.answeredOnServer({ ...answered, serverId: 'web' })).rejects.toBeInstanceOf(
      PermissionNotFoundError,
    );
  });
});
