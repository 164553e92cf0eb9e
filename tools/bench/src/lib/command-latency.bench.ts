import {
  FakeTelegramBotApi,
  HUB_API_MAIN,
  HUB_BOT_MAIN,
  cleanEnv,
  startBuiltApp,
  startSshd,
  startTmuxServer,
  type BuiltApp,
  type StandInPane,
  type TestSshd,
  type TestTmuxServer,
} from '@ccr/testing';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOT_TOKEN, CHAT_ID, SECRET } from './apps.util';
import { memoryOf, sleep } from './proc.util';
import { summarize, type Summary } from './stats.util';

export interface CommandLatency {
  /** `/cmd` update queued on the Bot API → the text's first bytes read by the pane's program. */
  local: Summary;
  warmSsh: Summary;
  /** The first command to a server: TCP connect, SSH handshake and login included. */
  coldSsh: Summary;
  /** … → Enter read by the pane's program (after the paste debounce pause hub-bot keeps). */
  localSubmitted: Summary;
  botMemoryMiB: { idle: number; afterLoad: number; peak: number };
}

/** Waits for the pane's raw input file to grow past `size`; returns when it did (epoch ms). */
async function grewAt(path: string, size: number, timeoutMs = 15_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat && stat.size > size) return stat.mtimeMs;
    await sleep(1);
  }
  throw new Error(`nothing reached ${path} within ${timeoutMs} ms`);
}

function rawSize(pane: StandInPane): number {
  return statSync(`${pane.eventsPath}.raw`, { throwIfNoEntry: false })?.size ?? 0;
}

interface Stack {
  telegram: FakeTelegramBotApi;
  dir: string;
  local: TestTmuxServer;
  remote: TestTmuxServer;
  sshd: TestSshd;
  hub?: BuiltApp;
  bot?: BuiltApp;
}

async function notify(hub: BuiltApp, serverId: string, pane: StandInPane): Promise<string> {
  const response = await fetch(`${hub.url}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
    body: JSON.stringify({
      serverId,
      type: 'waiting',
      project: 'bench',
      claudeSessionId: `bench-${serverId}-${pane.paneId}`,
      tmux: { session: pane.session, window: '0', pane: pane.paneId },
    }),
  });
  const body = (await response.json()) as { session?: string };
  if (response.status !== 202 || !body.session)
    throw new Error(`POST /notify answered ${response.status}`);
  return body.session;
}

/** One `/cmd` through the fake Bot API; resolves with ms until the pane read it (and Enter). */
async function command(
  telegram: FakeTelegramBotApi,
  session: string,
  pane: StandInPane,
  text: string,
): Promise<{ typedMs: number; submittedMs: number }> {
  const before = rawSize(pane);
  const submissions = pane.submissions().length;
  const started = Date.now();
  telegram.queueMessage(Number(CHAT_ID), `/cmd ${session} ${text}`);
  const typed = await grewAt(`${pane.eventsPath}.raw`, before);
  await pane.waitForEvents(pane.events().length + 1);
  if (pane.submissions().length <= submissions) throw new Error('the command was not submitted');
  const submitted = statSync(pane.eventsPath).mtimeMs;
  return { typedMs: typed - started, submittedMs: submitted - started };
}

/**
 * The command path end to end, as a user drives it: hub-api has the sessions, hub-bot long-polls
 * the fake Bot API, and types into a Claude stand-in in a private tmux server, locally or over
 * SSH to a loopback sshd. Needs root (sshd with a throwaway user).
 */
export async function measureCommandLatency(
  dir: string,
  runs: number,
  coldRuns: number,
): Promise<CommandLatency> {
  const telegram = new FakeTelegramBotApi({ token: BOT_TOKEN });
  const stack: Partial<Stack> = { telegram, dir };
  try {
    await telegram.start();
    const hubDir = join(dir, 'hub');
    const botDir = join(dir, 'bot');
    mkdirSync(hubDir, { recursive: true });
    mkdirSync(botDir, { recursive: true });
    stack.local = await startTmuxServer();
    stack.sshd = await startSshd();
    const sshd = stack.sshd;
    const remote = await startTmuxServer({ user: sshd.user });
    stack.remote = remote;
    const localPane = await stack.local.startStandIn();
    const remotePane = await remote.startStandIn();
    const remoteEntry = (id: string) => ({
      id,
      type: 'remote',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user.name,
      keyPath: sshd.clientKey.privateKeyPath,
      knownHostsPath: sshd.knownHostsPath,
      tmuxSocket: { path: remote.socketPath },
    });
    // Each cold server is the same sshd under another id: its first command opens a connection.
    const coldIds = Array.from({ length: coldRuns }, (_, i) => `cold${i}`);
    const serversPath = join(dir, 'servers.json');
    writeFileSync(
      serversPath,
      JSON.stringify({
        servers: [
          { id: 'local', type: 'local', tmuxSocket: { path: stack.local.socketPath } },
          remoteEntry('remote'),
          ...coldIds.map(remoteEntry),
        ],
      }),
    );

    const telegramEnv = {
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_CHAT_ID: CHAT_ID,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    };
    stack.hub = await startBuiltApp(HUB_API_MAIN, {
      portVariable: 'NOTIFY_PORT',
      cwd: hubDir,
      env: cleanEnv({
        NOTIFY_HOST: '127.0.0.1',
        DATA_DIR: hubDir,
        SHARED_SECRET: SECRET,
        ...telegramEnv,
      }),
    });
    const localSession = await notify(stack.hub, 'local', localPane);
    const remoteSession = await notify(stack.hub, 'remote', remotePane);
    const coldSessions = [];
    for (const id of coldIds) coldSessions.push(await notify(stack.hub, id, remotePane));

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
    await sleep(1000);
    const idle = memoryOf(stack.bot.process.pid).rssMiB;

    const cold: number[] = [];
    for (const session of coldSessions)
      cold.push((await command(telegram, session, remotePane, 'cold')).typedMs);
    const local: number[] = [];
    const localSubmitted: number[] = [];
    const warm: number[] = [];
    await command(telegram, remoteSession, remotePane, 'warm-up');
    for (let i = 0; i < runs; i += 1) {
      const l = await command(telegram, localSession, localPane, `local ${i}`);
      local.push(l.typedMs);
      localSubmitted.push(l.submittedMs);
      warm.push((await command(telegram, remoteSession, remotePane, `warm ${i}`)).typedMs);
    }
    const after = memoryOf(stack.bot.process.pid);
    return {
      local: summarize(local),
      warmSsh: summarize(warm),
      coldSsh: summarize(cold),
      localSubmitted: summarize(localSubmitted),
      botMemoryMiB: { idle, afterLoad: after.rssMiB, peak: after.peakMiB },
    };
  } finally {
    await stack.bot?.process.stop().catch(() => undefined);
    await stack.hub?.process.stop().catch(() => undefined);
    await stack.telegram?.stop().catch(() => undefined);
    await stack.remote?.dispose().catch(() => undefined);
    await stack.local?.dispose().catch(() => undefined);
    await stack.sshd?.dispose().catch(() => undefined);
  }
}
