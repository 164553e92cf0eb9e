import { readFileSync } from 'node:fs';
import { NGROK_WARNING } from '@ccr/config';
import { waitFor, type ClaudeCodePane } from '@ccr/testing';
import { BotStack, SECRET, type ChatNotification } from './support/bot-stack';

/** The pino lines of an app's output, parsed. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("both apps on the original scripts' .env and servers.json, unchanged", () => {
  const stack = new BotStack({ remote: true, originalConfig: true });
  let claude: ClaudeCodePane;
  let session: ChatNotification;

  beforeAll(async () => {
    await stack.start();
    // The real Claude Code on the remote server, its hooks signed with the central secret.
    claude = await stack.startClaude('remote', { project: 'api' });
    session = await stack.firstTurn(claude, 'remote', 'hello from the original setup');
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(() => stack.settleClaudes());

  it('the files are the original shape, and nothing in the environment sets a port or the secret', () => {
    const servers = JSON.parse(readFileSync(stack.serversPath, 'utf8'));
    expect(servers.central).toEqual({
      webhookPort: stack.bot!.port,
      notificationPort: stack.hub!.port,
      ngrokEnabled: true,
      sharedSecret: SECRET,
    });
    expect(servers.servers[1]).toMatchObject({
      id: 'remote',
      alias: 'remote',
      type: 'remote',
      hostname: stack.sshd!.host,
      ssh: { user: stack.sshd!.user.name, port: stack.sshd!.port },
    });
    expect(servers.servers[1]).not.toHaveProperty('host');
    for (const app of [stack.hub!, stack.bot!]) {
      for (const variable of ['NOTIFY_PORT', 'WEBHOOK_PORT', 'SHARED_SECRET', 'TELEGRAM_CHAT_ID']) {
        expect(app.env).not.toHaveProperty(variable);
      }
    }
  });

  it('each app warns once, at start, that ngrok is not needed, and of nothing else', async () => {
    for (const app of [stack.hub!, stack.bot!]) {
      // The warnings follow the "listening" line, a moment after the app answered HTTP.
      const warnings = await waitFor(
        () => {
          const found = logLines(app.process.output()).filter((line) => line['level'] === 40);
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 10_000, what: 'the warnings in the log' },
      );
      expect(warnings.map((line) => line['msg'])).toEqual([
        `config/servers.json: central.ngrokEnabled is true: ${NGROK_WARNING}`,
      ]);
    }
  });

  it("sends Claude's Stop, signed with the central secret, to TELEGRAM_GROUP_ID", async () => {
    // stack.notification reads the messages to CHAT_ID, the group id in the original .env.
    expect(session.text).toContain('[REMOTE] Claude Task Completed');
    expect(session.text).toContain('You said: hello from the original setup');
    const refused = await fetch(`${stack.hub!.url}/notify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shared-secret': 'REPLACE_WITH_SECURE_SECRET',
      },
      body: JSON.stringify({ serverId: 'remote', type: 'completed', project: 'x', metadata: {} }),
    });
    expect(refused.status).toBe(401);
  });

  it('/cmd reaches the Claude on the server reached over the loopback sshd', async () => {
    const turn = await stack.turn('remote', async () => {
      const answer = await stack.ask(`/cmd ${session.name} carry on with the tests`);
      expect(answer.text).toContain(`✅ Sent to <code>${session.name}</code> · api`);
    });
    expect(turn.prompts).toEqual(['carry on with the tests']);
  });
});
