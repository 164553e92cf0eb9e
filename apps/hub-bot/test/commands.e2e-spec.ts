import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, type StandInPane } from '@ccr/testing';
import { BOT_TOKEN, BotStack, CHAT_ID, type NotifiedSession } from './support/bot-stack';
import { injectionCorpus, longText } from './support/injection-corpus';

/** The text between <pre> and </pre> of an /output answer. */
function preformatted(html: string): string {
  const match = /<pre>([\s\S]*)<\/pre>/.exec(html);
  if (!match) throw new Error(`no <pre> in ${html}`);
  return match[1] ?? '';
}

describe('hub-bot: every command against real tmux panes, local and over SSH', () => {
  const stack = new BotStack({ remote: true });
  let localPane: StandInPane;
  let remotePane: StandInPane;
  let local: NotifiedSession;
  let remote: NotifiedSession;

  /** Waits until the pane recorded `count` more submissions and returns them. */
  async function submissionsAfter(pane: StandInPane, before: number, count: number) {
    await pane.waitForEvents(before + count, 20_000);
    return pane
      .events()
      .slice(before)
      .flatMap((event) => (event.type === 'submit' ? [event.text] : []));
  }

  beforeAll(async () => {
    await stack.start();
    localPane = await stack.local.startStandIn();
    remotePane = await stack.remote!.startStandIn();
    local = await stack.notify({ serverId: 'local', pane: localPane, project: 'web <app> & "co"' });
    remote = await stack.notify({ serverId: 'remote', pane: remotePane, project: 'api' });
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  it('registers its command menu and long-polls', () => {
    const [menu] = stack.telegram.calls('setMyCommands');
    const commands = (menu?.params['commands'] as Array<{ command: string }>).map((c) => c.command);
    expect(commands).toEqual(['sessions', 'cmd', 'output', 'esc', 'servers', 'help']);
    expect(stack.telegram.calls('deleteWebhook').length).toBeGreaterThan(0);
    expect(stack.telegram.calls('setWebhook')).toEqual([]);
    expect(stack.telegram.calls('getUpdates').length).toBeGreaterThan(0);
  });

  it('/help and /start say how to answer Claude', async () => {
    for (const command of ['/help', '/start']) {
      const answer = await stack.ask(command);
      expect(answer.parse_mode).toBe('HTML');
      expect(answer.text).toContain('<code>/cmd kr4:1 your text</code>');
      expect(answer.text).toContain('/sessions');
      expect(answer.text).toContain('reply to its notification');
    }
  });

  it('/sessions lists live sessions by server: name, project, token, tmux pane, time left', async () => {
    const { text } = await stack.ask('/sessions');
    expect(text).toContain('<b>Live sessions</b> · 2');
    const localAt = text.indexOf('<b>local</b>');
    const remoteAt = text.indexOf('<b>remote</b>');
    expect(localAt).toBeGreaterThan(-1);
    expect(remoteAt).toBeGreaterThan(localAt);
    expect(text).toContain(
      `<code>${local.name}</code> · web &lt;app&gt; &amp; &quot;co&quot; · token <code>${local.token}</code>`,
    );
    expect(text).toContain(
      `<code>${remote.name}</code> · api · token <code>${remote.token}</code>`,
    );
    expect(text).toContain(`tmux <code>${localPane.session}:0 ${localPane.paneId}</code>`);
    expect(text).toContain(`tmux <code>${remotePane.session}:0 ${remotePane.paneId}</code>`);
    expect(text).toMatch(/⏳ waiting for input · tmux .* · 23h 5\dm left/);
  });

  it('/cmd types into the local pane, presses Enter, and answers once tmux has it', async () => {
    const before = localPane.events().length;
    const answer = await stack.ask(`/cmd ${local.name} hello from the phone`);
    expect(answer.text).toBe(
      `✅ Sent to <code>${local.name}</code> · web &lt;app&gt; &amp; &quot;co&quot;: 20 characters, then Enter.`,
    );
    expect(await submissionsAfter(localPane, before, 1)).toEqual(['hello from the phone']);
  });

  it('/cmd takes the token instead of the name, in any case, and types over SSH', async () => {
    const before = remotePane.events().length;
    const answer = await stack.ask(`/cmd ${remote.token.toLowerCase()} yes, go on`);
    expect(answer.text).toContain(`✅ Sent to <code>${remote.name}</code> · api`);
    expect(await submissionsAfter(remotePane, before, 1)).toEqual(['yes, go on']);
  });

  it('a reply to a notification is typed into its session, slash commands included', async () => {
    const before = remotePane.events().length;
    const first = await stack.ask('Use the second option', { replyToMessage: remote.messageId });
    expect(first.text).toContain(`Sent to <code>${remote.name}</code>`);
    const second = await stack.ask('/compact', { replyToMessage: remote.messageId });
    expect(second.text).toContain(`Sent to <code>${remote.name}</code>`);
    expect(await submissionsAfter(remotePane, before, 2)).toEqual([
      'Use the second option',
      '/compact',
    ]);
  });

  it('drives two servers at once, each answer reaching its own pane', async () => {
    const localBefore = localPane.events().length;
    const remoteBefore = remotePane.events().length;
    const toRemote = await stack.send(`/cmd ${remote.name} to the remote one`);
    const toLocal = await stack.send(`/cmd ${local.name} to the local one`);
    const [remoteAnswer, localAnswer] = await Promise.all([
      stack.answerTo(toRemote),
      stack.answerTo(toLocal),
    ]);
    expect(remoteAnswer.text).toContain(`Sent to <code>${remote.name}</code>`);
    expect(localAnswer.text).toContain(`Sent to <code>${local.name}</code>`);
    expect(await submissionsAfter(localPane, localBefore, 1)).toEqual(['to the local one']);
    expect(await submissionsAfter(remotePane, remoteBefore, 1)).toEqual(['to the remote one']);
  });

  describe.each([
    ['locally', () => ({ pane: localPane, session: local, dir: stack.local.dir })],
    ['over SSH', () => ({ pane: remotePane, session: remote, dir: stack.remote!.dir })],
  ])('the injection corpus, %s', (_where, context) => {
    const canaries = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('canary'));

    it('arrives in the pane exactly as sent, in order, and nothing runs', async () => {
      const { pane, session, dir } = context();
      const canary = (n: number) => join(dir, `canary-${n}`);
      const texts = [...injectionCorpus(canary), longText(4000, canary(30))];
      const before = pane.events().length;
      // Sent as one burst: the bot keeps a chat's messages in order.
      const sent: number[] = [];
      for (const text of texts) sent.push(await stack.send(`/cmd ${session.name} ${text}`));
      const answers = await Promise.all(sent.map((id) => stack.answerTo(id, CHAT_ID, 60_000)));
      for (const answer of answers) expect(answer.text).toContain('✅ Sent to');
      const arrived = await submissionsAfter(pane, before, texts.length);
      expect(arrived).toHaveLength(texts.length);
      texts.forEach((text, i) => expect({ i, arrived: arrived[i] }).toEqual({ i, arrived: text }));
      expect(canaries(dir)).toEqual([]);
    });

    it('arrives exactly when sent as a reply to the notification too', async () => {
      const { pane, session, dir } = context();
      const canary = (n: number) => join(dir, `canary-reply-${n}`);
      const texts = [
        `$(touch ${canary(1)}); \`touch ${canary(2)}\``,
        `-- C-c\n'"; touch ${canary(3)}`,
      ];
      const before = pane.events().length;
      for (const text of texts) {
        const answer = await stack.ask(text, { replyToMessage: session.messageId });
        expect(answer.text).toContain(`Sent to <code>${session.name}</code>`);
      }
      expect(await submissionsAfter(pane, before, texts.length)).toEqual(texts);
      expect(canaries(dir)).toEqual([]);
    });
  });

  it("/output shows the pane's last lines as preformatted text, escaped", async () => {
    const before = localPane.events().length;
    await stack.ask(`/cmd ${local.name} <b>not bold</b> & "quoted" </pre>`);
    await submissionsAfter(localPane, before, 1);
    const answer = await stack.ask(`/output ${local.name}`);
    expect(answer.text).toContain(`🖥 <code>${local.name}</code>`);
    expect(answer.text).toContain('last 40 lines');
    const screen = preformatted(answer.text);
    expect(screen).toContain('&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot; &lt;/pre&gt;');
    expect(screen).toContain('[stand-in] submission');

    const three = preformatted((await stack.ask(`/output ${local.token} 3`)).text);
    expect(three.split('\n').length).toBeLessThanOrEqual(3);
    expect(three).toContain('not bold');

    const usage = await stack.ask(`/output ${local.name} lots`);
    expect(usage.text).toContain('<code>/output kr4:1 100</code>');
  });

  it('/output over SSH cuts a long screen to one message, keeping its end', async () => {
    const before = remotePane.events().length;
    const long = longText(3000, '/nonexistent/canary');
    await stack.ask(`/cmd ${remote.name} ${long}`);
    await stack.ask(`/cmd ${remote.name} the very last line`);
    await submissionsAfter(remotePane, before, 2);
    const answer = await stack.ask(`/output ${remote.name} 1000`);
    expect(answer.text.length).toBeLessThanOrEqual(4096);
    const screen = preformatted(answer.text);
    expect(screen.startsWith('…\n')).toBe(true);
    expect(screen.trimEnd().endsWith('the very last line')).toBe(true);
  });

  it('/esc presses Escape in the pane, named or replied to', async () => {
    const before = remotePane.events().length;
    const answer = await stack.ask(`/esc ${remote.name}`);
    expect(answer.text).toContain(`⎋ Pressed Escape in <code>${remote.name}</code>`);
    await remotePane.waitForEvents(before + 1);
    const replied = await stack.ask('/esc', { replyToMessage: remote.messageId });
    expect(replied.text).toContain(`⎋ Pressed Escape in <code>${remote.name}</code>`);
    await remotePane.waitForEvents(before + 2);
    expect(remotePane.events().slice(before)).toEqual([
      { type: 'key', key: 'Escape' },
      { type: 'key', key: 'Escape' },
    ]);
  });

  it('/output as a reply to a notification shows that session', async () => {
    const answer = await stack.ask('/output', { replyToMessage: local.messageId });
    expect(answer.text).toContain(`🖥 <code>${local.name}</code>`);
    expect(answer.text).toContain('<pre>');
  });

  it('/servers lists every configured server with its round trip', async () => {
    const { text } = await stack.ask('/servers');
    expect(text).toContain('<b>Servers</b> · 2 of 2 reachable');
    expect(text).toMatch(
      /🟢 <b>local<\/b> · this machine\n {3}tmux answered in [\d.]+ ms · 1 live session/,
    );
    expect(text).toMatch(
      new RegExp(
        `🟢 <b>remote</b> · ${stack.sshd!.user.name}@127\\.0\\.0\\.1:${stack.sshd!.port}\\n {3}SSH round trip [\\d.]+ ms · 1 live session`,
      ),
    );
  });

  it('asks which session when the replied-to message merged several notifications', async () => {
    // A 429 holds the first of two notifications back, so that both go out as one message.
    stack.telegram.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const a = await stack.notify({ serverId: 'local', pane: localPane, noWait: true });
    const b = await stack.notify({ serverId: 'remote', pane: remotePane, noWait: true });
    const merged = await stack.telegram.waitForSentMessage(
      (m) => m.text.includes(`/cmd ${a.name} `) && m.text.includes(`/cmd ${b.name} `),
      { what: 'one message about both sessions' },
    );
    const messageId = stack.messageIdOf(merged);
    await stack.hubDelivered();
    const localBefore = localPane.events().length;
    const answer = await stack.ask('which one gets this?', { replyToMessage: messageId });
    expect(answer.text).toContain('That message reports 2 sessions');
    expect(answer.text).toContain(`<code>/cmd ${a.name} your text</code>`);
    expect(answer.text).toContain(`<code>/cmd ${b.name} your text</code>`);
    expect(answer.text).toContain('Nothing was typed');
    expect(localPane.events().length).toBe(localBefore);
  });

  it('says what to do with a reply to a message that is not a notification', async () => {
    const help = await stack.ask('/help');
    const answer = await stack.ask('type this', { replyToMessage: stack.messageIdOf(help) });
    expect(answer.text).toContain('That message is not a notification');
    expect(answer.text).toContain('<code>/cmd kr4:1 your text</code>');
  });

  it('answers plain text and unknown commands with a hint', async () => {
    expect((await stack.ask('hello?')).text).toContain('reply to its notification');
    const unknown = await stack.ask('/frobnicate now');
    expect(unknown.text).toContain('I do not know <code>/frobnicate</code>');
    const usage = await stack.ask('/cmd');
    expect(usage.text).toContain('<code>/cmd kr4:1 yes, go on</code>');
    const nothing = await stack.ask(`/cmd ${local.name}`);
    expect(nothing.text).toContain(`Nothing to type into <code>${local.name}</code>`);
  });

  it('logs one line per update with its update_id, never the token or the text typed', async () => {
    const marker = 'typed-text-that-must-not-be-logged-7f3a';
    const messageId = await stack.send(`/cmd ${local.name} ${marker}`);
    await stack.answerTo(messageId);
    // The line is written once the answer is out, a moment after the fake API saw it.
    const last = await waitFor(
      () =>
        stack
          .botLog()
          .find(
            (line) =>
              line['msg'] === 'update' &&
              line['session'] === local.name &&
              line['text_length'] === marker.length,
          ),
      { what: "the update's log line" },
    );
    const output = stack.bot!.process.output();
    expect(output).not.toContain(marker);
    expect(output).not.toContain(BOT_TOKEN);
    expect(output).not.toContain(BOT_TOKEN.split(':')[1]);
    expect(last).toMatchObject({
      command: 'cmd',
      chat_id: String(CHAT_ID),
      kind: 'command',
      server: 'local',
      outcome: 'ok',
      text_length: marker.length,
    });
    expect(typeof last['update_id']).toBe('number');
    const ids = stack
      .botLog()
      .filter((line) => line['msg'] === 'update')
      .map((line) => line['update_id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(existsSync(join(stack.local.dir, 'canary-1'))).toBe(false);
  });
});
