import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { CLOCK } from '@ccr/session-nest';
import {
  FakeTelegramBotApi,
  HUB_BOT_MAIN,
  TestClock,
  cleanEnv,
  createTestDatabase,
  makeTempDir,
  removeDir,
  startBuiltApp,
  waitFor,
  type BuiltApp,
  type SentMessageParams,
  type TestDatabase,
} from '@ccr/testing';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app/app.module';
import { REQUEST_BODY_OPTIONS, loadHubAppConfig, prepareHubApp } from '../../src/app/hub-app.util';
import { BOT_TOKEN, CHAT_ID, SECRET } from './hub-harness';

/** GET /health's outbox counts. */
export type OutboxCounts = Record<
  'pending' | 'sending' | 'held' | 'sent' | 'failed' | 'superseded' | 'skipped',
  number
>;

/**
 * hub-api in this process, on the run's database engine and real HTTP, exactly as main.ts builds it
 * but for one provider: CLOCK, which is a TestClock the test moves (to the end of quiet hours,
 * past a mute). Nothing else is replaced, and nothing in the built app can set its clock, so
 * this is the only way a test changes the hub's time. hub-bot runs built, as a child process,
 * on the same database with the real clock: what it writes (quiet hours, a mute's end) is what
 * hub-api reads. Telegram is the fake Bot API.
 */
export class QuietStack {
  readonly telegram = new FakeTelegramBotApi({ token: BOT_TOKEN });
  clock!: TestClock;
  dir = '';
  testDatabase?: TestDatabase;
  hubUrl = '';
  hub?: NestExpressApplication;
  bot?: BuiltApp;

  async start(options: { clock: TestClock; hubEnv?: NodeJS.ProcessEnv }): Promise<this> {
    this.clock = options.clock;
    await this.telegram.start();
    this.dir = await makeTempDir('ccr-quiet-e2e-');
    const serversPath = join(this.dir, 'servers.json');
    writeFileSync(serversPath, JSON.stringify({ servers: [{ id: 'local', type: 'local' }] }));
    this.testDatabase = await createTestDatabase(join(this.dir, 'sessions.db'));
    const shared = {
      DATA_DIR: this.dir,
      ...this.testDatabase.env,
      SERVERS_CONFIG: serversPath,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_CHAT_ID: CHAT_ID,
      TELEGRAM_API_ROOT: this.telegram.apiRoot,
      LOG_LEVEL: 'warn',
    };

    const config = loadHubAppConfig(
      cleanEnv({
        ...shared,
        NOTIFY_HOST: '127.0.0.1',
        SHARED_SECRET: SECRET,
        TELEGRAM_CHAT_INTERVAL_MS: '0',
        ...options.hubEnv,
      }),
    );
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(CLOCK)
      .useValue(this.clock.now)
      .compile();
    const hub = moduleRef.createNestApplication<NestExpressApplication>(REQUEST_BODY_OPTIONS);
    prepareHubApp(hub);
    await hub.listen(0, '127.0.0.1');
    this.hub = hub;
    this.hubUrl = `http://127.0.0.1:${(hub.getHttpServer().address() as AddressInfo).port}`;

    this.bot = await startBuiltApp(HUB_BOT_MAIN, {
      portVariable: 'WEBHOOK_PORT',
      cwd: this.dir,
      env: cleanEnv({ ...shared, WEBHOOK_HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
    });
    return this;
  }

  /** The database hub-api writes, for what a test checks there (superseded rows, settings). */
  get database(): DataSource {
    if (!this.hub) throw new Error('QuietStack: not started');
    return this.hub.get(DataSource);
  }

  /** POST /notify as a plain curl would (the shared secret), for session `claudeSessionId`. */
  async notify(input: {
    serverId?: string;
    claudeSessionId: string;
    type?: 'completed' | 'waiting' | 'permission' | 'failed';
    message: string;
    metadata?: Record<string, unknown>;
  }): Promise<{ session: string; token: string }> {
    const response = await fetch(`${this.hubUrl}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
      body: JSON.stringify({
        serverId: input.serverId ?? 'kr4',
        type: input.type ?? 'completed',
        project: `project-${input.claudeSessionId}`,
        claudeSessionId: input.claudeSessionId,
        message: input.message,
        metadata: input.metadata ?? {},
      }),
    });
    const body = (await response.json()) as { session: string; token: string };
    if (response.status !== 202) throw new Error(`POST /notify answered ${response.status}`);
    return body;
  }

  /** POST /permissions: a request someone must answer, from session `claudeSessionId`. */
  async ask(claudeSessionId: string, command: string): Promise<void> {
    const response = await fetch(`${this.hubUrl}/permissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
      body: JSON.stringify({
        serverId: 'kr4',
        project: `project-${claudeSessionId}`,
        requestId: `req-${claudeSessionId}-${Date.now()}`,
        claudeSessionId,
        toolName: 'Bash',
        toolInput: { command },
        timeoutSeconds: 300,
      }),
    });
    if (response.status !== 202) throw new Error(`POST /permissions answered ${response.status}`);
  }

  async outbox(): Promise<OutboxCounts> {
    const response = await fetch(`${this.hubUrl}/health`);
    return ((await response.json()) as { outbox: OutboxCounts }).outbox;
  }

  /** Resolves once GET /health's outbox counts satisfy `done`, with them. */
  waitForOutbox(done: (counts: OutboxCounts) => boolean, what: string): Promise<OutboxCounts> {
    return waitFor(
      async () => {
        const counts = await this.outbox();
        return done(counts) ? counts : undefined;
      },
      { timeoutMs: 15_000, what },
    );
  }

  /** A command from the chat, and hub-bot's answer to it, as the user reads it (HTML). */
  async command(text: string): Promise<string> {
    const update = this.telegram.queueMessage(Number(CHAT_ID), text);
    const messageId = update.message?.message_id ?? -1;
    const answer = await this.telegram.waitForSentMessage(
      (message) =>
        (message['reply_parameters'] as { message_id?: number } | undefined)?.message_id ===
        messageId,
      { chatId: CHAT_ID, timeoutMs: 15_000, what: `hub-bot's answer to ${text}` },
    );
    return answer.text;
  }

  /** What hub-api sent (not hub-bot's answers), oldest first. */
  hubMessages(): SentMessageParams[] {
    return this.telegram.sentMessages(CHAT_ID).filter((message) => !message['reply_parameters']);
  }

  async stop(): Promise<void> {
    const steps: Array<() => Promise<unknown>> = [
      () => this.bot?.process.stop() ?? Promise.resolve(),
      () => this.hub?.close() ?? Promise.resolve(),
      () => this.telegram.stop(),
      () => this.testDatabase?.drop() ?? Promise.resolve(),
      () => (this.dir ? removeDir(this.dir) : Promise.resolve()),
    ];
    const errors: unknown[] = [];
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }
}
