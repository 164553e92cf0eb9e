import { NGROK_WARNING } from '@ccr/config';
import { FakeTelegramBotApi, freePort } from '@ccr/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SECRET,
  createProject,
  lines,
  runProgram,
  type ScriptRun,
  type TestProject,
} from './support/project';

const BOT_TOKEN = '123456789:TEST-token_for_the_fake_api';
const GROUP_ID = -1001234567890;
const NGROK_LINE = `config/servers.json: central.ngrokEnabled is true: ${NGROK_WARNING}`;

describe("the scripts on the original scripts' .env and servers.json", () => {
  let project: TestProject;
  let telegram: FakeTelegramBotApi;
  let apiPort: number;
  let botPort: number;

  /** The original hub's .env (install.sh's), with the fake Bot API and loopback added. */
  const writeOriginalEnv = (telegramEnabled: boolean): void =>
    project.writeEnv({
      SERVER_ID: 'local',
      CENTRAL_HUB_ENDPOINT: `http://127.0.0.1:${apiPort}/notify`,
      TELEGRAM_ENABLED: String(telegramEnabled),
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_GROUP_ID: GROUP_ID,
      EMAIL_ENABLED: 'false',
      SMTP_HOST: 'smtp.gmail.com',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      NOTIFY_HOST: '127.0.0.1',
      WEBHOOK_HOST: '127.0.0.1',
    });

  /** The ops helper the scripts use, run as they run it. */
  const ops = (...args: string[]): Promise<ScriptRun> =>
    runProgram(process.execPath, [join(project.root, 'dist/tools/scripts/main.js'), ...args], {
      env: { PATH: process.env['PATH'], HOME: project.home },
      cwd: project.root,
      timeoutMs: 30_000,
    });

  beforeAll(async () => {
    telegram = new FakeTelegramBotApi({ token: BOT_TOKEN });
    await telegram.start();
    project = await createProject('ccr-scripts-original');
    apiPort = await freePort();
    botPort = await freePort();
    mkdirSync(join(project.root, 'config'), { recursive: true });
    writeFileSync(
      join(project.root, 'config/servers.json'),
      JSON.stringify({
        central: {
          webhookPort: botPort,
          notificationPort: apiPort,
          ngrokEnabled: true,
          sharedSecret: SECRET,
        },
        servers: [
          { id: 'local', alias: 'local', type: 'local', hostname: 'localhost' },
          {
            id: 'kr4',
            alias: 'kr4',
            type: 'remote',
            hostname: 'builder-kr-4.example.com',
            ssh: { user: 'jay.lee', port: 22, keyPath: '~/.ssh/id_ed25519' },
          },
        ],
      }),
    );
    writeOriginalEnv(true);
  });

  afterAll(async () => {
    await project?.dispose();
    await telegram?.stop();
  });

  it('start-all starts both apps on the central ports, saying once that ngrok is not needed', async () => {
    const start = await project.run('start-all.sh');
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    expect(lines(start.stdout)).toEqual([
      `warning   ${NGROK_LINE}`,
      `hub-api   started (pid ${project.pid('hub-api')}, port ${apiPort}, log logs/aggregator.log)`,
      `hub-bot   started (pid ${project.pid('hub-bot')}, port ${botPort}, log logs/webhook.log)`,
      'tunnel    not configured (TUNNEL_COMMAND is not set in .env)',
    ]);
  });

  it('hub-api takes the central secret, as the ops helper hands it to new servers', async () => {
    const secret = await ops('secret');
    expect(secret).toEqual({ code: 0, stdout: `${SECRET}\n`, stderr: '' });
    const response = await fetch(`http://127.0.0.1:${apiPort}/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shared-secret': SECRET },
      body: JSON.stringify({ serverId: 'kr4', type: 'completed', project: 'test', metadata: {} }),
    });
    expect(response.status).toBe(202);
    const [message] = await telegram.waitForSentMessages(1, { chatId: GROUP_ID });
    expect(message?.text).toContain('[KR4]');
  });

  it('list-servers shows those ports and the servers as the hub reads them', async () => {
    const listed = await project.run('list-servers.sh');
    expect(listed.code).toBe(0);
    expect(listed.stderr).toBe(`warning: ${NGROK_LINE}\n`);
    const out = lines(listed.stdout);
    expect(out.slice(1, 3).map((line) => line.trim().split(/\s{2,}/))).toEqual([
      [
        'hub-api',
        `port ${apiPort} on 127.0.0.1`,
        `servers post to http://<this machine>:${apiPort}/notify`,
      ],
      ['hub-bot', `port ${botPort} on 127.0.0.1`, 'long polling; the port serves GET /health'],
    ]);
    expect(out.slice(3).map((line) => line.trim().split(/\s{2,}/))).toEqual([
      ['Servers in config/servers.json: 2'],
      ['ID', 'TYPE', 'HOST', 'SSH USER', 'SSH PORT', 'NAME'],
      ['local', 'local', 'this machine', '-', '-', 'local'],
      ['kr4', 'remote', 'builder-kr-4.example.com', 'jay.lee', '22', 'kr4'],
    ]);
  });

  it('status and restart-all find both apps on the same ports', async () => {
    const [api, bot] = [project.pid('hub-api'), project.pid('hub-bot')];
    const status = await project.run('status.sh');
    expect(status.code).toBe(0);
    expect(lines(status.stdout).slice(0, 2)).toEqual([
      `hub-api   running  pid ${api}  port ${apiPort}  health ok`,
      `hub-bot   running  pid ${bot}  port ${botPort}  health ok`,
    ]);
    const restart = await project.run('restart-all.sh');
    expect(restart.code).toBe(0);
    expect(lines(restart.stdout)).toEqual([
      'tunnel    not running',
      `hub-bot   stopped (pid ${bot})`,
      `hub-api   stopped (pid ${api})`,
      `warning   ${NGROK_LINE}`,
      `hub-api   started (pid ${project.pid('hub-api')}, port ${apiPort}, log logs/aggregator.log)`,
      `hub-bot   started (pid ${project.pid('hub-bot')}, port ${botPort}, log logs/webhook.log)`,
      'tunnel    not configured (TUNNEL_COMMAND is not set in .env)',
    ]);
  });

  it('TELEGRAM_ENABLED=false keeps hub-bot off, and says why', async () => {
    writeOriginalEnv(false);
    const restart = await project.run('restart-all.sh');
    expect(restart.code).toBe(0);
    expect(lines(restart.stdout).slice(-2)).toEqual([
      'hub-bot   skipped: TELEGRAM_ENABLED is false in .env',
      'tunnel    not configured (TUNNEL_COMMAND is not set in .env)',
    ]);
    const status = await project.run('status.sh');
    expect(lines(status.stdout)[1]).toBe('hub-bot   off (TELEGRAM_ENABLED is false)');
    const health = await (await fetch(`http://127.0.0.1:${apiPort}/health`)).json();
    expect(health).toMatchObject({ telegram: 'off' });
  });
});
