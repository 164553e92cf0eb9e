import { FakeTelegramBotApi, freePort, waitFor } from '@ccr/testing';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { liveSessions } from './support/database';
import {
  SECRET,
  commandLine,
  createProject,
  isRunning,
  lines,
  pidsMatching,
  type TestProject,
} from './support/project';

const BOT_TOKEN = '123456789:TEST-token_for_the_fake_api';
const CHAT_ID = 4242;

async function notify(port: number, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/notify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
    body: JSON.stringify({ metadata: {}, ...body }),
  });
  expect(response.status).toBe(202);
}

async function healthStatus(port: number): Promise<number | string> {
  return fetch(`http://127.0.0.1:${port}/health`).then(
    (response) => response.status,
    (error: Error) => error.message,
  );
}

/** A process of the test's own, detached, whose pid may end up in a pid file. */
function startStranger(): number {
  const child = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid ?? 0;
}

describe('start-all, status and stop-all with hub-api (hub-bot off)', () => {
  let project: TestProject;
  let port: number;
  const strangers: number[] = [];

  beforeAll(async () => {
    project = await createProject('ccr-scripts-services');
    port = await freePort();
    project.writeEnv({ NOTIFY_PORT: port, NOTIFY_HOST: '127.0.0.1', SHARED_SECRET: SECRET });
  });

  afterAll(async () => {
    for (const pid of strangers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await project?.dispose();
  });

  const hubApiMain = (): string => join(project.root, 'dist/apps/hub-api/main.js');

  it('prints --help and exits 0 for every script', async () => {
    for (const script of [
      'start-all.sh',
      'stop-all.sh',
      'restart-all.sh',
      'status.sh',
      'list-servers.sh',
      'add-remote-server.sh',
      'install.sh',
    ]) {
      const result = await project.run(script, ['--help']);
      expect({ script, code: result.code, stderr: result.stderr }).toEqual({
        script,
        code: 0,
        stderr: '',
      });
      expect(result.stdout).toMatch(/^Usage:/);
    }
    const wrong = await project.run('start-all.sh', ['--bogus']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('start-all: unknown argument: --bogus');
  });

  it('starts hub-api once, from the built app, and says hub-bot is off', async () => {
    const first = await project.run('start-all.sh');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const pid = project.pid('hub-api');
    expect(lines(first.stdout)).toEqual([
      `hub-api   started (pid ${pid}, port ${port}, log logs/aggregator.log)`,
      'hub-bot   skipped: TELEGRAM_BOT_TOKEN is not set in .env',
      'tunnel    not configured (TUNNEL_COMMAND is not set in .env)',
    ]);
    expect(await healthStatus(port)).toBe(200);
    expect(commandLine(pid)).toMatch(/node .*\/ccr\/dist\/apps\/hub-api\/main\.js$/);
    expect(readFileSync(join(project.root, 'logs/aggregator.log'), 'utf8')).toContain(
      `listening on http://127.0.0.1:${port}`,
    );
    // .env was read from the project folder: the database is in its data/.
    expect(existsSync(join(project.root, 'data/sessions.db'))).toBe(true);

    const second = await project.run('start-all.sh');
    expect(second.code).toBe(0);
    expect(lines(second.stdout)[0]).toBe(`hub-api   already running (pid ${pid}, port ${port})`);
    expect(pidsMatching(hubApiMain())).toEqual([pid]);
  });

  it('status shows the running hub-api and the live sessions of the database', async () => {
    await notify(port, { serverId: 'kr4', type: 'completed', project: 'test' });
    await notify(port, {
      serverId: 'kr4',
      type: 'waiting',
      project: 'api',
      claudeSessionId: 'a-second-session',
      hostname: 'box4',
      tmux: { session: 'main', window: '1', pane: '%3' },
    });
    const pid = project.pid('hub-api');
    const status = await project.run('status.sh');
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    const out = lines(status.stdout);
    expect(out.slice(0, 3)).toEqual([
      `hub-api   running  pid ${pid}  port ${port}  health ok`,
      'hub-bot   off (TELEGRAM_BOT_TOKEN is not set)',
      'tunnel    not configured (TUNNEL_COMMAND is not set)',
    ]);

    const rows = await liveSessions(join(project.root, 'data/sessions.db'));
    expect(rows.map((row) => row.name)).toEqual(['kr4:1', 'kr4:2']);
    expect(out[3]).toBe(`Live sessions in data/sessions.db: ${rows.length}`);
    expect(out[4].trim().split(/\s{2,}/)).toEqual([
      'NAME',
      'PROJECT',
      'STATE',
      'TMUX',
      'HOST',
      'LAST EVENT',
      'EXPIRES IN',
    ]);
    const listed = out.slice(5).map((line) => line.trim().split(/\s{2,}/));
    expect(listed.map((cells) => cells.slice(0, 3))).toEqual(
      rows.map((row) => [row.name, row.project, row.state]),
    );
    expect(listed[1].slice(3, 5)).toEqual(['main:1 %3', 'box4']);
    expect(listed[0].slice(3, 5)).toEqual(['-', '-']);
  });

  it('restart-all stops hub-api and starts it again, and leaves it alone while .env is wrong', async () => {
    const pid = project.pid('hub-api');
    const restart = await project.run('restart-all.sh', ['--timeout', '60']);
    expect(restart.stderr).toBe('');
    expect(restart.code).toBe(0);
    const started = project.pid('hub-api');
    expect(started).not.toBe(pid);
    expect(isRunning(pid)).toBe(false);
    expect(lines(restart.stdout)).toEqual([
      'tunnel    not running',
      'hub-bot   not running',
      `hub-api   stopped (pid ${pid})`,
      `hub-api   started (pid ${started}, port ${port}, log logs/aggregator.log)`,
      'hub-bot   skipped: TELEGRAM_BOT_TOKEN is not set in .env',
      'tunnel    not configured (TUNNEL_COMMAND is not set in .env)',
    ]);
    expect(await healthStatus(port)).toBe(200);
    expect(pidsMatching(hubApiMain())).toEqual([started]);

    project.writeEnv({ NOTIFY_PORT: port, NOTIFY_HOST: '127.0.0.1', SHARED_SECRET: 'short' });
    const refused = await project.run('restart-all.sh');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      'configuration error: SHARED_SECRET: must be at least 16 characters (openssl rand -hex 32 makes one)\n' +
        'restart-all: not restarted: fix the configuration first (the setting named above); what runs keeps running\n',
    );
    expect(project.pid('hub-api')).toBe(started);
    expect(isRunning(started)).toBe(true);
    project.writeEnv({ NOTIFY_PORT: port, NOTIFY_HOST: '127.0.0.1', SHARED_SECRET: SECRET });

    const wrong = await project.run('restart-all.sh', ['--timeout', 'soon']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(
      'restart-all: --timeout needs a number of seconds\n(see restart-all.sh --help)\n',
    );
    expect(isRunning(started)).toBe(true);
  });

  it('stops hub-api, and status then reads the sessions from the database alone', async () => {
    const pid = project.pid('hub-api');
    const stop = await project.run('stop-all.sh');
    expect(stop.code).toBe(0);
    expect(lines(stop.stdout)).toEqual([
      'tunnel    not running',
      'hub-bot   not running',
      `hub-api   stopped (pid ${pid})`,
    ]);
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(project.root, 'run/hub-api.pid'))).toBe(false);

    const status = await project.run('status.sh');
    expect(status.code).toBe(3);
    const out = lines(status.stdout);
    expect(out[0]).toBe('hub-api   stopped');
    expect(out[3]).toBe('Live sessions in data/sessions.db: 2');
    expect(out.slice(5).map((line) => line.trim().split(/\s{2,}/)[0])).toEqual(['kr4:1', 'kr4:2']);
  });

  it('notices a stale pid file, and never stops a process that is not its own', async () => {
    mkdirSync(join(project.root, 'run'), { recursive: true });
    const pidFile = join(project.root, 'run/hub-api.pid');
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    await waitFor(() => !isRunning(gone.pid ?? 0), { what: 'true to exit' });
    writeFileSync(pidFile, `${gone.pid}\n`);

    const status = await project.run('status.sh');
    expect(status.code).toBe(3);
    expect(lines(status.stdout)[0]).toBe(
      `hub-api   stopped; stale pid file run/hub-api.pid (pid ${gone.pid} is not running): start-all or stop-all removes it`,
    );
    const cleaned = await project.run('stop-all.sh');
    expect(lines(cleaned.stdout)[2]).toBe(
      `hub-api   not running; removed a stale pid file, run/hub-api.pid (pid ${gone.pid} is not running)`,
    );
    expect(existsSync(pidFile)).toBe(false);

    // The pid of another program: the pid was reused after a crash, say.
    const stranger = startStranger();
    strangers.push(stranger);
    writeFileSync(pidFile, `${stranger}\n`);
    const stop = await project.run('stop-all.sh');
    expect(lines(stop.stdout)[2]).toBe(
      `hub-api   not running; removed a stale pid file, run/hub-api.pid (pid ${stranger} is another program now: sleep 600)`,
    );
    expect(isRunning(stranger)).toBe(true);

    writeFileSync(pidFile, `${stranger}\n`);
    const start = await project.run('start-all.sh');
    expect(start.code).toBe(0);
    const started = project.pid('hub-api');
    expect(lines(start.stdout).slice(0, 2)).toEqual([
      `hub-api   removed a stale pid file, run/hub-api.pid (pid ${stranger} is another program now: sleep 600)`,
      `hub-api   started (pid ${started}, port ${port}, log logs/aggregator.log)`,
    ]);
    expect(started).not.toBe(stranger);
    expect(isRunning(stranger)).toBe(true);

    await project.run('stop-all.sh');
    expect(isRunning(started)).toBe(false);
    expect(isRunning(stranger)).toBe(true);
  });

  it('refuses a port that another program holds, and starts nothing', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const start = await project.run('start-all.sh');
      expect(start.code).toBe(1);
      expect(lines(start.stdout)[0]).toBe(
        `hub-api   not started: port ${port} is already in use by another program (is another copy running?)`,
      );
      expect(existsSync(join(project.root, 'run/hub-api.pid'))).toBe(false);
      expect(pidsMatching(hubApiMain())).toEqual([]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('shows the last log lines when hub-api stops at start-up', async () => {
    // A secret file cut short: only hub-api itself reads it, at start.
    project.writeEnv({ NOTIFY_PORT: port, NOTIFY_HOST: '127.0.0.1' });
    mkdirSync(join(project.root, 'data'), { recursive: true });
    writeFileSync(join(project.root, 'data/shared-secret'), 'abc\n');
    const start = await project.run('start-all.sh');
    expect(start.code).toBe(1);
    const out = lines(start.stdout);
    expect(out[0]).toMatch(
      new RegExp(
        `^hub-api   failed to start: the process \\(pid \\d+\\) exited before http://127\\.0\\.0\\.1:${port}/health answered 200; last lines of logs/aggregator\\.log:$`,
      ),
    );
    expect(out[1]).toBe(
      '    hub-api: configuration error: data/shared-secret: must be at least 16 characters (openssl rand -hex 32 makes one); delete the file and the hub makes a new one',
    );
    expect(existsSync(join(project.root, 'run/hub-api.pid'))).toBe(false);
    rmSync(join(project.root, 'data/shared-secret'));
  });

  it('starts nothing while a setting of .env or servers.json is wrong, naming it', async () => {
    project.writeEnv({ NOTIFY_PORT: 'port', SHARED_SECRET: SECRET });
    const invalid = await project.run('start-all.sh');
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('configuration error: NOTIFY_PORT: ');
    expect(invalid.stderr).toContain(
      'start-all: not started: fix the configuration first (the setting named above)',
    );

    project.writeEnv({ NOTIFY_PORT: port, SHARED_SECRET: SECRET, SERVERS_CONFIG: 'missing.json' });
    const missing = await project.run('start-all.sh');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(
      'configuration error: SERVERS_CONFIG: missing.json does not exist\n' +
        'start-all: not started: fix the configuration first (the setting named above)\n',
    );
    expect(pidsMatching(hubApiMain())).toEqual([]);
  });

  it('starts and stops the tunnel of TUNNEL_COMMAND, with what it started', async () => {
    const marker = `ccr-test-tunnel-${process.pid}`;
    project.writeEnv({
      NOTIFY_PORT: port,
      NOTIFY_HOST: '127.0.0.1',
      SHARED_SECRET: SECRET,
      TUNNEL_COMMAND: `node -e "setInterval(() => {}, 1000)" ${marker}`,
    });
    const start = await project.run('start-all.sh');
    expect(start.code).toBe(0);
    const tunnel = project.pid('tunnel');
    expect(lines(start.stdout)[2]).toBe(
      `tunnel    started (pid ${tunnel}, log logs/tunnel.log): node -e "setInterval(() => {}, 1000)" ${marker}`,
    );
    expect(pidsMatching(marker)).toHaveLength(1);

    const status = await project.run('status.sh');
    expect(status.code).toBe(0);
    expect(lines(status.stdout)[2]).toBe(`tunnel    running  pid ${tunnel}`);

    const stop = await project.run('stop-all.sh');
    expect(lines(stop.stdout)[0]).toBe(`tunnel    stopped (pid ${tunnel})`);
    await waitFor(() => pidsMatching(marker).length === 0, { what: 'the tunnel command to end' });

    project.writeEnv({
      NOTIFY_PORT: port,
      NOTIFY_HOST: '127.0.0.1',
      SHARED_SECRET: SECRET,
      TUNNEL_COMMAND: 'no-such-tunnel-program --up',
    });
    const failed = await project.run('start-all.sh');
    expect(failed.code).toBe(1);
    const out = lines(failed.stdout);
    expect(out[2]).toBe(
      'tunnel    failed to start: the command exited at once; last lines of logs/tunnel.log:',
    );
    expect(out).toContain('    bash: line 1: no-such-tunnel-program: command not found');
    await project.run('stop-all.sh');
  });
});

describe('start-all, status and stop-all with hub-bot on a fake Telegram Bot API', () => {
  let project: TestProject;
  let telegram: FakeTelegramBotApi;
  let apiPort: number;
  let botPort: number;

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: BOT_TOKEN });
    await telegram.start();
    project = await createProject('ccr-scripts-bot');
    apiPort = await freePort();
    botPort = await freePort();
  });

  afterAll(async () => {
    await project?.dispose();
    await telegram?.stop();
  });

  const writeEnv = (token: string): void =>
    project.writeEnv({
      NOTIFY_PORT: apiPort,
      NOTIFY_HOST: '127.0.0.1',
      WEBHOOK_PORT: botPort,
      WEBHOOK_HOST: '127.0.0.1',
      SHARED_SECRET: SECRET,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_CHAT_ID: CHAT_ID,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });

  it('starts both apps, waits for hub-bot to take updates, and stops both', async () => {
    writeEnv(BOT_TOKEN);
    const start = await project.run('start-all.sh');
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    const api = project.pid('hub-api');
    const bot = project.pid('hub-bot');
    expect(lines(start.stdout)).toEqual([
      `hub-api   started (pid ${api}, port ${apiPort}, log logs/aggregator.log)`,
      `hub-bot   started (pid ${bot}, port ${botPort}, log logs/webhook.log)`,
      'tunnel    not configured (TUNNEL_COMMAND is not set in .env)',
    ]);
    expect(commandLine(bot)).toMatch(/node .*\/ccr\/dist\/apps\/hub-bot\/main\.js$/);

    // The bot that start-all started answers a user.
    telegram.queueMessage(CHAT_ID, '/help');
    const [reply] = await telegram.waitForSentMessages(1, { chatId: CHAT_ID, timeoutMs: 20_000 });
    expect(reply.text.length).toBeGreaterThan(0);

    const again = await project.run('start-all.sh');
    expect(lines(again.stdout).slice(0, 2)).toEqual([
      `hub-api   already running (pid ${api}, port ${apiPort})`,
      `hub-bot   already running (pid ${bot}, port ${botPort})`,
    ]);

    const status = await project.run('status.sh');
    expect(status.code).toBe(0);
    expect(lines(status.stdout).slice(0, 2)).toEqual([
      `hub-api   running  pid ${api}  port ${apiPort}  health ok`,
      `hub-bot   running  pid ${bot}  port ${botPort}  health ok`,
    ]);

    const stop = await project.run('stop-all.sh');
    expect(lines(stop.stdout)).toEqual([
      'tunnel    not running',
      `hub-bot   stopped (pid ${bot})`,
      `hub-api   stopped (pid ${api})`,
    ]);
    expect(isRunning(bot)).toBe(false);
    expect(isRunning(api)).toBe(false);
  });

  it('reports a hub-bot that Telegram refuses, with its last log lines', async () => {
    writeEnv('987654321:WRONG-token_for_the_fake_api');
    const start = await project.run('start-all.sh');
    expect(start.code).toBe(1);
    const out = lines(start.stdout);
    expect(out[0].startsWith('hub-api   started ')).toBe(true);
    expect(out[1]).toMatch(
      /^hub-bot {3}failed to start: the process \(pid \d+\) exited before http:\/\/127\.0\.0\.1:\d+\/health answered 200; last lines of logs\/webhook\.log:$/,
    );
    expect(start.stdout).toContain(
      '\n    hub-bot: Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized)',
    );
    expect(existsSync(join(project.root, 'run/hub-bot.pid'))).toBe(false);
    await project.run('stop-all.sh');
  });
});
