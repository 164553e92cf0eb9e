import {
  FakeAnthropicApi,
  FakeTelegramBotApi,
  HUB_API_MAIN,
  HUB_BOT_MAIN,
  cleanEnv,
  startBuiltApp,
  startClaudeCode,
  startSshd,
  startTmuxServer,
  waitFor,
  type BuiltApp,
  type ClaudeCodePane,
  type FakeBotApiCall,
  type TestSshd,
  type TestTmuxServer,
} from '@ccr/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_TOKEN, CHAT_ID, SECRET } from './apps.util';
import { sleep } from './proc.util';
import { summarize, type Summary } from './stats.util';

export interface ClaudeCodeLatency {
  /** `/cmd` update queued on the Bot API → the request carrying the prompt at the model. */
  commandLocal: Summary;
  commandSsh: Summary;
  /** The model's answer ended → the `sendMessage` carrying the turn's Stop (both servers). */
  notification: Summary;
}

interface Stack {
  telegram: FakeTelegramBotApi;
  model: FakeAnthropicApi;
  local?: TestTmuxServer;
  remote?: TestTmuxServer;
  sshd?: TestSshd;
  hub?: BuiltApp;
  bot?: BuiltApp;
  claudes: ClaudeCodePane[];
}

/** hub-api's delivered sendMessage whose text holds `text` (HTML-escaped as the hub sends it). */
function sentWith(telegram: FakeTelegramBotApi, text: string): FakeBotApiCall | undefined {
  return telegram
    .calls('sendMessage')
    .find((call) => !call.failed && String(call.params['text'] ?? '').includes(text));
}

/** The hub's name for the session of the Claude in `pane` (GET /sessions). */
async function sessionOf(hub: BuiltApp, pane: string): Promise<string> {
  return waitFor(
    async () => {
      const response = await fetch(`${hub.url}/sessions`, {
        headers: { 'x-shared-secret': SECRET },
      });
      const { sessions } = (await response.json()) as {
        sessions: Array<{ name: string; tmux: { pane: string | null } }>;
      };
      return sessions.find((session) => session.tmux.pane === pane)?.name;
    },
    { timeoutMs: 20_000, what: `the hub's session for pane ${pane}` },
  );
}

/**
 * The two paths a person waits on, with the real Claude Code (the pinned release) against the
 * fake model server: a `/cmd` from the chat until its prompt reaches the model, and the end of
 * the model's answer until the turn's Stop is a Telegram message. hub-api and hub-bot run as
 * users run them (default chat interval and pause before Enter); one Claude in the hub's own
 * tmux, one as the SSH user over a loopback sshd. Needs root, as the tests do.
 */
export async function measureClaudeCodeLatency(
  dir: string,
  runs: number,
  chatIntervalMs: number,
): Promise<ClaudeCodeLatency> {
  const stack: Stack = {
    telegram: new FakeTelegramBotApi({ token: BOT_TOKEN }),
    model: new FakeAnthropicApi(),
    claudes: [],
  };
  const { telegram, model } = stack;
  try {
    await telegram.start();
    await model.start();
    const hubDir = join(dir, 'hub');
    const botDir = join(dir, 'bot');
    mkdirSync(hubDir, { recursive: true });
    mkdirSync(botDir, { recursive: true });
    const local = await startTmuxServer();
    stack.local = local;
    const sshd = await startSshd();
    stack.sshd = sshd;
    const remote = await startTmuxServer({ user: sshd.user });
    stack.remote = remote;
    const serversPath = join(dir, 'servers.json');
    writeFileSync(
      serversPath,
      JSON.stringify({
        servers: [
          { id: 'local', type: 'local', tmuxSocket: { path: local.socketPath } },
          {
            id: 'remote',
            type: 'remote',
            host: sshd.host,
            port: sshd.port,
            user: sshd.user.name,
            keyPath: sshd.clientKey.privateKeyPath,
            knownHostsPath: sshd.knownHostsPath,
            tmuxSocket: { path: remote.socketPath },
          },
        ],
      }),
    );
    const telegramEnv = {
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_CHAT_ID: CHAT_ID,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    };
    const hub = await startBuiltApp(HUB_API_MAIN, {
      portVariable: 'NOTIFY_PORT',
      cwd: hubDir,
      env: cleanEnv({
        NOTIFY_HOST: '127.0.0.1',
        DATA_DIR: hubDir,
        SHARED_SECRET: SECRET,
        ...telegramEnv,
      }),
    });
    stack.hub = hub;
    stack.bot = await startBuiltApp(HUB_BOT_MAIN, {
      portVariable: 'WEBHOOK_PORT',
      cwd: botDir,
      env: cleanEnv({
        WEBHOOK_HOST: '127.0.0.1',
        DATABASE_PATH: join(hubDir, 'sessions.db'),
        SERVERS_CONFIG: serversPath,
        ...telegramEnv,
      }),
    });

    const servers = { local, remote } as const;
    const panes = {} as Record<keyof typeof servers, { claude: ClaudeCodePane; session: string }>;
    for (const [serverId, tmux] of Object.entries(servers) as Array<
      [keyof typeof servers, TestTmuxServer]
    >) {
      const claude = await startClaudeCode(tmux, {
        apiBaseUrl: model.baseUrl,
        project: 'bench',
        hooks: { serverId, endpoint: `${hub.url}/notify`, secret: SECRET },
      });
      stack.claudes.push(claude);
      // The first turn, typed at the terminal, makes the session the chat then drives.
      await claude.type(`first turn on ${serverId}`);
      await waitFor(() => sentWith(telegram, `You said: first turn on ${serverId}`), {
        timeoutMs: 20_000,
        what: `the first turn's notification from ${serverId}`,
      });
      panes[serverId] = { claude, session: await sessionOf(hub, claude.paneId) };
    }

    const command: Record<keyof typeof servers, number[]> = { local: [], remote: [] };
    const notification: number[] = [];
    let lastSent = Date.now();
    for (let i = 0; i < runs; i += 1) {
      for (const serverId of ['local', 'remote'] as const) {
        const { claude, session } = panes[serverId];
        await claude.waitForIdle();
        // Each turn starts once the chat's rate-limit slot is open again, as a person's next
        // command would: the notification is then never held back by the one before.
        await sleep(Math.max(0, lastSent + chatIntervalMs + 50 - Date.now()));
        const text = `turn ${i} on ${serverId}`;
        const since = model.requests().length;
        const queuedAt = Date.now();
        telegram.queueMessage(Number(CHAT_ID), `/cmd ${session} ${text}`);
        const request = await model.waitForRequest(text, { since });
        command[serverId].push(request.at.getTime() - queuedAt);
        await model.waitForAnswerEnd(request);
        const sent = await waitFor(() => sentWith(telegram, `You said: ${text}`), {
          timeoutMs: 20_000,
          what: `the Stop notification of "${text}"`,
        });
        notification.push(sent.at.getTime() - (request.endedAt?.getTime() ?? Number.NaN));
        lastSent = sent.at.getTime();
      }
    }
    return {
      commandLocal: summarize(command.local),
      commandSsh: summarize(command.remote),
      notification: summarize(notification),
    };
  } finally {
    for (const claude of stack.claudes) await claude.stop().catch(() => undefined);
    await stack.bot?.process.stop().catch(() => undefined);
    await stack.hub?.process.stop().catch(() => undefined);
    await telegram.stop().catch(() => undefined);
    await model.stop().catch(() => undefined);
    await stack.remote?.dispose().catch(() => undefined);
    await stack.local?.dispose().catch(() => undefined);
    await stack.sshd?.dispose().catch(() => undefined);
  }
}
