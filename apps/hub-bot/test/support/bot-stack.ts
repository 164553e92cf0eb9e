import { DEFAULT_PERMISSION_TIMEOUT_SECONDS, type NotificationType } from '@ccr/protocol';
import { NOTIFICATION_DIVIDER, NOTIFICATION_HEADINGS } from '@ccr/telegram-format';
import {
  FakeAnthropicApi,
  FakeTelegramBotApi,
  HUB_API_MAIN,
  HUB_BOT_MAIN,
  cleanEnv,
  createTestDatabase,
  freePort,
  isAlive,
  isIdleScreen,
  makeTempDir,
  promptBoxOf,
  parseTelegramHtml,
  removeDir,
  startBuiltApp,
  startClaudeCode,
  startSshd,
  startTmuxServer,
  waitFor,
  type BuiltApp,
  type ClaudeCodePane,
  type ClaudeHooksTarget,
  type FakeModelRequest,
  type QueueMessageExtra,
  type SentMessageParams,
  type StartClaudeCodeOptions,
  type TelegramMessage,
  type TelegramUser,
  type TestDatabase,
  type TestSshd,
  type TestTmuxServer,
} from '@ccr/testing';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { originalDotEnv, originalServersJson } from './original-config';

export const BOT_TOKEN = '123456789:TEST-token_for_the_fake_api';
export const CHAT_ID = 4242;
export const SECRET = 'e2e-secret-0123456789abcdef0123456789abcdef';
/** Short, so that a server that never answers fails fast; still bounded, never a hang. */
export const SSH_CONNECT_TIMEOUT_MS = 2000;

/** One entry of servers.json, as the test writes it. */
export type ServerEntry = Record<string, unknown> & { id: string; type: 'local' | 'remote' };

export interface StackOptions {
  /** Start sshd on loopback and a tmux server as its user: the `remote` server. */
  remote?: boolean;
  /** Serve updates through a webhook on the bot's port instead of long polling. */
  webhook?: { secret?: string };
  /**
   * More fields for the `local` and `remote` entries (/new's projects, claudeCommand…), made
   * once the tmux servers and sshd run, before servers.json is written.
   */
  serverFields?: (
    stack: BotStack,
  ) => Promise<Partial<Record<StackServer, Record<string, unknown>>>>;
  /** More servers.json entries, written once sshd runs. */
  extraServers?: (stack: BotStack) => Promise<ServerEntry[]>;
  botEnv?: NodeJS.ProcessEnv;
  /**
   * Run both apps from one folder holding the original scripts' files (original-config.ts):
   * `.env` with TELEGRAM_GROUP_ID (CHAT_ID) for the chat, and config/servers.json in their
   * shape, whose `central` block alone gives the ports and SHARED_SECRET.
   */
  originalConfig?: boolean;
}

export interface NotifiedSession {
  name: string;
  token: string;
  /** The Telegram message hub-api sent about it, in CHAT_ID. */
  messageId: number;
}

/** A notification hub-api delivered to CHAT_ID, as the chat shows it. */
export interface ChatNotification extends NotifiedSession {
  /** This notification's part of the message, as plain text (tags dropped, entities decoded). */
  text: string;
}

/** A turn of Claude Code that a chat message started. */
export interface ClaudeTurn {
  /** The first request at the model after the message: the prompt as Claude Code sent it. */
  request: FakeModelRequest;
  /** The prompts of every request the model got until the turn's Stop was in the chat. */
  prompts: string[];
  /** The turn's Stop, as the chat shows it. */
  notification: ChatNotification;
}

/** A session as hub-api's `GET /sessions` lists it. */
export interface HubSession {
  name: string;
  token: string;
  serverId: string;
  project: string;
  cwd: string | null;
  tmux: { session: string | null; window: string | null; pane: string | null };
  state: string;
  stateSince: string;
}

/** The servers a stack runs Claude Code on: its own tmux, and the sshd user's. */
export type StackServer = 'local' | 'remote';

export interface NotifyInput {
  serverId: string;
  project?: string;
  /** A pane to put in `tmux` (a Claude's); absent: the notification says nothing of tmux. */
  pane?: { session: string; paneId: string };
  claudeSessionId?: string;
  type?: 'completed' | 'waiting' | 'permission' | 'failed';
  /** Do not wait for hub-api to deliver the Telegram message. */
  noWait?: boolean;
}

let counter = 0;

/**
 * Everything a hub-bot end-to-end test needs, on loopback only: a fake Telegram Bot API, a
 * fake model server, hub-api (built) writing sessions to a database of its own on the run's
 * engine (CCR_TEST_ENGINE: a temporary SQLite file, or a new PostgreSQL database), a private
 * tmux server for the `local` server, optionally sshd with a throwaway user and its own tmux
 * server for the `remote` one, and hub-bot (built) on the same database. Tests start the
 * real Claude Code on either (startClaude), with the hooks remote-hook install writes.
 */
export class BotStack {
  readonly telegram = new FakeTelegramBotApi({ token: BOT_TOKEN });
  /** The model server every Claude Code of the stack talks to. */
  readonly model = new FakeAnthropicApi();
  dir = '';
  /** The database both apps share; stop() drops it. */
  database!: TestDatabase;
  serversPath = '';
  local!: TestTmuxServer;
  remote?: TestTmuxServer;
  sshd?: TestSshd;
  hub?: BuiltApp;
  bot?: BuiltApp;
  /** More hub-bots started by startBotReplica(), on the same database and environment. */
  readonly replicas: BuiltApp[] = [];
  servers: ServerEntry[] = [];
  private botCwd = '';
  private botEnv: NodeJS.ProcessEnv = {};
  private hubCwd = '';
  private hubEnv: NodeJS.ProcessEnv = {};
  private readonly claudes: ClaudeCodePane[] = [];

  constructor(private readonly options: StackOptions = {}) {}

  async start(): Promise<this> {
    await this.telegram.start();
    await this.model.start();
    this.dir = await makeTempDir('ccr-bot-e2e-');
    const hubDir = join(this.dir, 'hub');
    this.botCwd = join(this.dir, 'bot');
    await mkdir(hubDir, { recursive: true });
    await mkdir(this.botCwd, { recursive: true });
    this.local = await startTmuxServer();
    if (this.options.remote) {
      this.sshd = await startSshd();
      this.remote = await startTmuxServer({ user: this.sshd.user });
    }
    this.servers = [{ id: 'local', type: 'local', tmuxSocket: { path: this.local.socketPath } }];
    if (this.sshd && this.remote) {
      this.servers.push({
        ...this.remoteEntry('remote'),
        tmuxSocket: { path: this.remote.socketPath },
      });
    }
    if (this.options.serverFields) {
      const fields = await this.options.serverFields(this);
      this.servers = this.servers.map((entry) => ({
        ...entry,
        ...fields[entry.id as StackServer],
      }));
    }
    if (this.options.extraServers) {
      this.servers.push(...(await this.options.extraServers(this)));
    }
    if (this.options.originalConfig) return this.startFromOriginalConfig();
    this.database = await createTestDatabase(join(hubDir, 'sessions.db'));
    this.serversPath = join(this.dir, 'servers.json');
    writeFileSync(this.serversPath, JSON.stringify({ servers: this.servers }, null, 2));

    this.hubCwd = hubDir;
    this.hubEnv = cleanEnv({
      NOTIFY_HOST: '127.0.0.1',
      DATA_DIR: hubDir,
      ...this.database.env,
      SHARED_SECRET: SECRET,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_CHAT_ID: String(CHAT_ID),
      TELEGRAM_API_ROOT: this.telegram.apiRoot,
      TELEGRAM_CHAT_INTERVAL_MS: '0',
    });
    await this.startHub();
    const port = await freePort();
    this.botEnv = cleanEnv({
      WEBHOOK_HOST: '127.0.0.1',
      ...this.database.env,
      SERVERS_CONFIG: this.serversPath,
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_CHAT_ID: String(CHAT_ID),
      TELEGRAM_API_ROOT: this.telegram.apiRoot,
      SSH_CONNECT_TIMEOUT_MS: String(SSH_CONNECT_TIMEOUT_MS),
      ...(this.options.webhook
        ? {
            TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/webhook`,
            ...(this.options.webhook.secret
              ? { TELEGRAM_WEBHOOK_SECRET: this.options.webhook.secret }
              : {}),
          }
        : {}),
      ...this.options.botEnv,
    });
    await this.startBot(port);
    return this;
  }

  /**
   * Starts hub-api (again), on `port` or the port it had: the hooks installed for it reach it
   * there.
   */
  async startHub(port = this.hub?.port): Promise<BuiltApp> {
    const common = { cwd: this.hubCwd, env: this.hubEnv };
    // With the original files the port is servers.json's to give, so no NOTIFY_PORT.
    this.hub =
      this.options.originalConfig && port !== undefined
        ? await startBuiltApp(HUB_API_MAIN, { ...common, port })
        : await startBuiltApp(HUB_API_MAIN, { ...common, portVariable: 'NOTIFY_PORT', port });
    return this.hub;
  }

  /** Stops hub-api, as a hub that is down: its port refuses connections until startHub(). */
  async stopHub(): Promise<void> {
    await this.hub?.process.stop();
  }

  /** Starts hub-bot (again), on `port` or the port it had. */
  async startBot(port = this.bot?.port): Promise<BuiltApp> {
    const common = { cwd: this.botCwd, env: this.botEnv };
    // With the original files the port is servers.json's to give, so no WEBHOOK_PORT.
    this.bot =
      this.options.originalConfig && port !== undefined
        ? await startBuiltApp(HUB_BOT_MAIN, { ...common, port })
        : await startBuiltApp(HUB_BOT_MAIN, { ...common, portVariable: 'WEBHOOK_PORT', port });
    return this.bot;
  }

  /**
   * Another hub-bot with the first one's environment, on a port and in a folder of its own: in
   * webhook mode a replica behind the same webhook URL (the test plays the load balancer with
   * postToWebhook's `to`), in long-polling mode a second poller. stop() stops it too.
   */
  async startBotReplica(): Promise<BuiltApp> {
    const cwd = join(this.dir, `bot-replica-${this.replicas.length + 1}`);
    await mkdir(cwd, { recursive: true });
    const replica = await startBuiltApp(HUB_BOT_MAIN, {
      cwd,
      env: this.botEnv,
      portVariable: 'WEBHOOK_PORT',
    });
    this.replicas.push(replica);
    return replica;
  }

  /**
   * Both apps in one folder with the original scripts' `.env` and servers.json; only what
   * points them at the test's fakes (and loopback) is in their environment.
   */
  private async startFromOriginalConfig(): Promise<this> {
    const checkout = join(this.dir, 'checkout');
    await mkdir(join(checkout, 'config'), { recursive: true });
    const [notificationPort, webhookPort] = [await freePort(), await freePort()];
    this.serversPath = join(checkout, 'config', 'servers.json');
    const central = { webhookPort, notificationPort, ngrokEnabled: true, sharedSecret: SECRET };
    writeFileSync(
      this.serversPath,
      JSON.stringify(originalServersJson(this.servers, central), null, 2),
    );
    const endpoint = `http://127.0.0.1:${notificationPort}/notify`;
    writeFileSync(
      join(checkout, '.env'),
      originalDotEnv({ botToken: BOT_TOKEN, groupId: CHAT_ID, endpoint }),
    );
    this.database = await createTestDatabase(join(checkout, 'data', 'sessions.db'));
    const fakes = {
      TELEGRAM_API_ROOT: this.telegram.apiRoot,
      NOTIFY_HOST: '127.0.0.1',
      WEBHOOK_HOST: '127.0.0.1',
      // The original files name no database: on SQLite both apps find data/sessions.db in the
      // folder by themselves, which is what this start checks; PostgreSQL must be named.
      ...(this.database.engine === 'postgres' ? this.database.env : {}),
    };
    this.hubCwd = checkout;
    this.hubEnv = cleanEnv({ ...fakes, TELEGRAM_CHAT_INTERVAL_MS: '0' });
    await this.startHub(notificationPort);
    this.botCwd = checkout;
    this.botEnv = cleanEnv({ ...fakes, SSH_CONNECT_TIMEOUT_MS: String(SSH_CONNECT_TIMEOUT_MS) });
    await this.startBot(webhookPort);
    return this;
  }

  /**
   * What `remote-hook install` is given on `serverId`: this stack's hub-api, and the default
   * permission timeout, said outright so that installing again puts back one a test changed
   * (install keeps a value it is not given).
   */
  hooksFor(serverId: string): ClaudeHooksTarget {
    if (!this.hub) throw new Error('BotStack: not started');
    return {
      serverId,
      endpoint: `${this.hub.url}/notify`,
      secret: SECRET,
      permissionTimeoutSeconds: DEFAULT_PERMISSION_TIMEOUT_SECONDS,
    };
  }

  /**
   * The real Claude Code (see CLAUDE_CODE_VERSION) in a new pane on `server`: this machine's
   * tmux, or, for `remote`, the sshd user's tmux as that user. It talks to the stack's model
   * server and runs the hooks the built `remote-hook install` writes, pointing at hub-api.
   * Resolves once its prompt box shows; `stop()` ends it.
   */
  async startClaude(
    server: StackServer,
    options: Partial<StartClaudeCodeOptions> = {},
  ): Promise<ClaudeCodePane> {
    const tmux = server === 'local' ? this.local : this.remote;
    if (!tmux)
      throw new Error(`BotStack: no ${server} tmux; start the stack with { remote: true }`);
    const claude = await startClaudeCode(tmux, {
      apiBaseUrl: this.model.baseUrl,
      hooks: this.hooksFor(server),
      ...options,
    });
    this.claudes.push(claude);
    return claude;
  }

  /**
   * Waits until every Claude of the stack is back at an empty prompt box, for the next test:
   * a turn still running ends by itself; a dialog left open (by a test that failed before
   * answering it) is closed with Escape. A Claude a test ended is left alone.
   */
  async settleClaudes(): Promise<void> {
    const running = this.claudes.filter((claude) => isAlive(claude.pid));
    await Promise.all(
      running.map(async (claude) => {
        const screen = await claude.waitForScreen(
          (shown) => isIdleScreen(shown) || promptBoxOf(shown) === undefined,
          { what: 'an empty prompt box, or a dialog left open' },
        );
        if (promptBoxOf(screen) === undefined) await claude.press('Escape');
        await claude.waitForIdle();
      }),
    );
  }

  /**
   * A turn typed at the terminal, as a person starts Claude on a task: resolves with the
   * session hub-api made of the turn's Stop, once its notification is in the chat.
   */
  async firstTurn(claude: ClaudeCodePane, server: StackServer, prompt: string) {
    const since = this.telegram.sentMessages(CHAT_ID).length;
    await claude.type(prompt);
    return this.notification(server, { includes: `You said: ${prompt}`, since });
  }

  /**
   * Runs `send` (a /cmd, a reply…) and waits for the turn it starts in the Claude Code on
   * `server`: the first request at the model after it, then the turn's Stop in the chat (the
   * notification that carries the model's answer, when that was text). Claude Code must be
   * idle before: a prompt sent while it works waits, and may be joined to the next one.
   */
  async turn(server: StackServer, send: () => Promise<unknown>): Promise<ClaudeTurn> {
    const since = this.model.requests().length;
    const chatSince = this.telegram.sentMessages(CHAT_ID).length;
    await send();
    const request = await this.model.waitForRequest(() => true, {
      since,
      what: `a request at the model from ${server}`,
    });
    const answer = request.answer;
    const notification = await this.notification(server, {
      includes: answer?.kind === 'text' ? answer.text.slice(0, 60) : '',
      since: chatSince,
    });
    return { request, prompts: this.model.promptsSince(since), notification };
  }

  /**
   * hub-api's message about a notification from `serverId`, among the messages to CHAT_ID
   * after the first `since`, whose part (as the chat shows it) contains `includes`; and the
   * session it names, once hub-api has recorded the message (so that a reply can be routed).
   */
  async notification(
    serverId: string,
    options: {
      includes?: string;
      type?: NotificationType;
      since?: number;
      timeoutMs?: number;
    } = {},
  ): Promise<ChatNotification> {
    const heading = NOTIFICATION_HEADINGS[options.type ?? 'completed'];
    const title = `[${serverId.toUpperCase()}] ${heading.title}`;
    const includes = options.includes ?? '';
    const since = options.since ?? 0;
    const partOf = (message: SentMessageParams): string | undefined =>
      parseTelegramHtml(message.text)
        .text.split(NOTIFICATION_DIVIDER)
        .find((part) => part.includes(title) && part.includes(includes));
    const sent = await waitFor(
      () =>
        this.telegram
          .sentMessages(CHAT_ID)
          .slice(since)
          .find((message) => partOf(message) !== undefined),
      {
        timeoutMs: options.timeoutMs ?? 20_000,
        what: `hub-api's "${heading.title}" notification from ${serverId}${includes ? ` with "${includes.slice(0, 80)}"` : ''}`,
      },
    );
    const text = partOf(sent) ?? '';
    const session = /Session: (\S+) · token (\S+)/.exec(text);
    if (!session?.[1] || !session[2]) throw new Error(`no session in the notification:\n${text}`);
    await this.hubDelivered();
    return { name: session[1], token: session[2], messageId: this.messageIdOf(sent), text };
  }

  /** A servers.json entry for the test's sshd, under another id and with overrides. */
  remoteEntry(id: string, overrides: Record<string, unknown> = {}): ServerEntry {
    if (!this.sshd) throw new Error('BotStack: no sshd; start it with { remote: true }');
    return {
      id,
      type: 'remote',
      host: this.sshd.host,
      port: this.sshd.port,
      user: this.sshd.user.name,
      keyPath: this.sshd.clientKey.privateKeyPath,
      knownHostsPath: this.sshd.knownHostsPath,
      ...overrides,
    };
  }

  /**
   * A notification POSTed to hub-api as remote-hook sends it: a session on `serverId` in the
   * given tmux pane. Waits until hub-api has delivered its Telegram message. Sessions of a real
   * Claude come from its hooks (firstTurn); this is for what Claude Code cannot be made to do
   * on demand: a session on a server the hub does not know, one outside tmux, one to expire.
   */
  async notify(input: NotifyInput): Promise<NotifiedSession> {
    if (!this.hub) throw new Error('BotStack: not started');
    counter += 1;
    const response = await fetch(`${this.hub.url}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
      body: JSON.stringify({
        serverId: input.serverId,
        type: input.type ?? 'waiting',
        project: input.project ?? `project-${counter}`,
        metadata: { notification: 'Claude is waiting for your input' },
        claudeSessionId: input.claudeSessionId ?? `claude-session-${counter}-${Date.now()}`,
        eventId: `event-${counter}-${Date.now()}`,
        ...(input.pane
          ? { tmux: { session: input.pane.session, window: '0', pane: input.pane.paneId } }
          : {}),
      }),
    });
    const body = (await response.json()) as { session?: string; token?: string };
    if (response.status !== 202 || !body.session || !body.token) {
      throw new Error(`POST /notify answered ${response.status}: ${JSON.stringify(body)}`);
    }
    const name = body.session;
    if (input.noWait) return { name, token: body.token, messageId: 0 };
    const sent = await this.telegram.waitForSentMessage(
      (message) => message.text.includes(`<code>/cmd ${name} &lt;your command&gt;</code>`),
      { chatId: CHAT_ID, what: `hub-api's notification about ${name}` },
    );
    const messageId = this.messageIdOf(sent);
    await this.hubDelivered();
    return { name, token: body.token, messageId };
  }

  /** hub-api's live sessions (`GET /sessions`), as a script or the status command reads them. */
  async hubSessions(): Promise<HubSession[]> {
    if (!this.hub) throw new Error('BotStack: not started');
    const response = await fetch(`${this.hub.url}/sessions`, {
      headers: { 'x-shared-secret': SECRET },
    });
    return ((await response.json()) as { sessions: HubSession[] }).sessions;
  }

  /** The Telegram message id the fake gave a message it delivered. */
  messageIdOf(sent: SentMessageParams): number {
    const call = this.telegram.calls('sendMessage').find((c) => c.params === sent);
    const messageId = (call?.result as { message_id?: number } | undefined)?.message_id;
    if (messageId === undefined) throw new Error('the fake API holds no such message');
    return messageId;
  }

  /**
   * Waits until hub-api has recorded every message it sent (outbox rows marked with their
   * Telegram message id), so that a reply to one can be routed: the fake sees the message a
   * moment before hub-api hears back and writes that down.
   */
  async hubDelivered(): Promise<void> {
    const url = `${this.hub?.url ?? ''}/health`;
    await waitFor(
      async () => {
        const health = (await (await fetch(url)).json()) as {
          outbox?: { pending?: number; sending?: number };
        };
        // A message Telegram took is `sending` until hub-api writes its id down.
        return health.outbox?.pending === 0 && health.outbox.sending === 0;
      },
      { what: 'hub-api to record its sent messages' },
    );
  }

  /**
   * Sends a message from a chat (CHAT_ID unless given) the way the stack receives updates,
   * and resolves with hub-bot's answer to it: the sendMessage that replies to that message.
   */
  async ask(
    text: string,
    extra: QueueMessageExtra & { chatId?: number; timeoutMs?: number } = {},
  ): Promise<SentMessageParams> {
    const { chatId = CHAT_ID, timeoutMs = 15_000, ...fields } = extra;
    const messageId = await this.send(text, { ...fields, chatId });
    return this.answerTo(messageId, chatId, timeoutMs);
  }

  /** Sends a message without waiting for the answer; resolves with its message id. */
  async send(text: string, extra: QueueMessageExtra & { chatId?: number } = {}): Promise<number> {
    const { chatId = CHAT_ID, ...fields } = extra;
    if (this.options.webhook) {
      const update = this.telegram.messageUpdate(chatId, text, fields);
      const delivered = await this.telegram.postToWebhook(update);
      if (delivered.status !== 200) {
        throw new Error(`the webhook answered ${delivered.status}: ${delivered.body}`);
      }
      return update.message?.message_id ?? -1;
    }
    const update = this.telegram.queueMessage(chatId, text, fields);
    return update.message?.message_id ?? -1;
  }

  /** hub-bot's answer to a message (the sendMessage whose reply_parameters point at it). */
  answerTo(messageId: number, chatId = CHAT_ID, timeoutMs = 15_000): Promise<SentMessageParams> {
    return this.telegram.waitForSentMessage((message) => repliesTo(message, messageId), {
      chatId,
      timeoutMs,
      what: `hub-bot's answer to message ${messageId} in chat ${chatId}`,
    });
  }

  /** Every answer hub-bot gave to a message. */
  answersTo(messageId: number, chatId = CHAT_ID): SentMessageParams[] {
    return this.telegram.sentMessages(chatId).filter((message) => repliesTo(message, messageId));
  }

  /** hub-bot's `n`-th answer (from 0) to a message, once it is there. */
  nthAnswerTo(
    messageId: number,
    n: number,
    options: { chatId?: number; timeoutMs?: number } = {},
  ): Promise<SentMessageParams> {
    const chatId = options.chatId ?? CHAT_ID;
    return waitFor(() => this.answersTo(messageId, chatId)[n], {
      timeoutMs: options.timeoutMs ?? 15_000,
      what: `hub-bot's answer ${n + 1} to message ${messageId} in chat ${chatId}`,
    });
  }

  /**
   * Presses a button: a callback query with `data` under message `messageId` of CHAT_ID (or in
   * another chat), from the chat's user unless `from` says otherwise (the fake names it
   * @test_user). Resolves with the text hub-bot answered the press with (answerCallbackQuery).
   */
  async press(
    data: string,
    messageId?: number,
    options: { chatId?: number; from?: TelegramUser } = {},
  ): Promise<string> {
    const update = this.telegram.callbackQueryUpdate(options.chatId ?? CHAT_ID, data, messageId);
    if (options.from && update.callback_query) update.callback_query.from = options.from;
    let queryId: string | undefined;
    if (this.options.webhook) {
      const delivered = await this.telegram.postToWebhook(update);
      if (delivered.status !== 200) {
        throw new Error(`the webhook answered ${delivered.status}: ${delivered.body}`);
      }
      queryId = update.callback_query?.id;
    } else {
      queryId = this.telegram.queueUpdate(update).callback_query?.id;
    }
    const answer = await waitFor(
      () =>
        this.telegram
          .calls('answerCallbackQuery')
          .find((call) => call.params['callback_query_id'] === queryId),
      { timeoutMs: 20_000, what: `hub-bot's answer to the press ${data}` },
    );
    if (answer.failed) throw new Error(`answering the press ${data} failed: ${answer.description}`);
    return String(answer.params['text'] ?? '');
  }

  /** The buttons under a message hub-bot sent, row after row. */
  buttonsOf(message: SentMessageParams): Array<{ text: string; callback_data: string }> {
    const markup = message.reply_markup as
      { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined;
    return (markup?.inline_keyboard ?? []).flat();
  }

  /** A message of CHAT_ID as the chat shows it now (after any edits). */
  shown(messageId: number): TelegramMessage {
    const message = this.telegram.message(CHAT_ID, messageId);
    if (!message) throw new Error(`message ${messageId} is not in the chat`);
    return message;
  }

  /** The callback data of the buttons a message of CHAT_ID shows now, in order; empty when none. */
  shownButtonData(messageId: number): string[] {
    return (this.shown(messageId).reply_markup?.inline_keyboard ?? [])
      .flat()
      .map((button) => button.callback_data ?? '');
  }

  /**
   * Waits until message `messageId` shows what `test` accepts (hub-bot or hub-api edited it)
   * and resolves with it.
   */
  waitForShown(
    messageId: number,
    test: (message: TelegramMessage) => boolean,
    what: string,
  ): Promise<TelegramMessage> {
    return waitFor(
      () => {
        const message = this.telegram.message(CHAT_ID, messageId);
        return message && test(message) ? message : undefined;
      },
      { timeoutMs: 15_000, what },
    );
  }

  /** hub-bot's log lines so far (or a replica's), parsed (pino JSON). */
  botLog(bot = this.bot): Array<Record<string, unknown>> {
    return jsonLines(bot?.process.output() ?? '');
  }

  /** hub-api's log lines so far (of the run started last), parsed. */
  hubLog(): Array<Record<string, unknown>> {
    return jsonLines(this.hub?.process.output() ?? '');
  }

  /** Stops whatever was started, even after a failed start. */
  async stop(): Promise<void> {
    const steps: Array<() => Promise<unknown>> = [
      () => Promise.all(this.claudes.map((claude) => claude.stop())),
      () => Promise.all(this.replicas.map((replica) => replica.process.stop())),
      () => this.bot?.process.stop() ?? Promise.resolve(),
      () => this.hub?.process.stop() ?? Promise.resolve(),
      () => this.telegram.stop(),
      () => this.model.stop(),
      () => this.remote?.dispose() ?? Promise.resolve(),
      () => this.local?.dispose() ?? Promise.resolve(),
      () => this.sshd?.dispose() ?? Promise.resolve(),
      () => this.database?.drop() ?? Promise.resolve(),
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

function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function repliesTo(message: SentMessageParams, messageId: number): boolean {
  const reply = message['reply_parameters'] as { message_id?: number } | undefined;
  return reply?.message_id === messageId;
}
