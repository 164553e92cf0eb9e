import { readFileSync } from 'node:fs';
import { NGROK_WARNING } from '@ccr/config';
import { waitFor, type StandInPane } from '@ccr/testing';
import { BotStack, CHAT_ID, SECRET } from './support/bot-stack';

/** The pino lines of an app's output, parsed. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("both apps on the original scripts' .env and servers.json, unchanged", () => {
  const stack = new BotStack({ remote: true, originalConfig: true });
  let pane: StandInPane;

  beforeAll(async () => {
    await stack.start();
    pane = await stack.remote!.startStandIn();
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

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

  it('sends a notification, signed with the central secret, to TELEGRAM_GROUP_ID', async () => {
    const session = await stack.notify({ serverId: 'remote', pane, project: 'api' });
    const [message] = stack.telegram
      .sentMessages(CHAT_ID)
      .filter((sent) => sent.text.includes(`/cmd ${session.name}`));
    expect(message?.text).toContain('[REMOTE]');
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

  it('/cmd types into the pane on the server reached over the loopback sshd', async () => {
    const session = await stack.notify({ serverId: 'remote', pane, project: 'cmd' });
    const before = pane.events().length;
    const answer = await stack.ask(`/cmd ${session.name} carry on with the tests`);
    expect(answer.text).toContain(`✅ Sent to <code>${session.name}</code> · cmd`);
    await pane.waitForEvents(before + 1, 20_000);
    expect(pane.submissions().slice(-1)).toEqual(['carry on with the tests']);
  });
});
