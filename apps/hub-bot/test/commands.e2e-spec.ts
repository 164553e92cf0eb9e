import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor, type ClaudeCodePane } from '@ccr/testing';
import {
  BOT_TOKEN,
  BotStack,
  CHAT_ID,
  type ChatNotification,
  type StackServer,
} from './support/bot-stack';
import { claudeCodeCorpus, longText } from './support/injection-corpus';

/** The text between <pre> and </pre> of an /output answer. */
function preformatted(html: string): string {
  const match = /<pre>([\s\S]*)<\/pre>/.exec(html);
  if (!match) throw new Error(`no <pre> in ${html}`);
  return match[1] ?? '';
}

describe('hub-bot driving the real Claude Code, locally and over SSH', () => {
  const stack = new BotStack({ remote: true });
  const claude = {} as Record<StackServer, ClaudeCodePane>;
  /** Each Claude's session, as hub-api announced it after the first turn typed at its terminal. */
  const session = {} as Record<StackServer, ChatNotification>;
  const project: Record<StackServer, string> = { local: 'web <app> & "co"', remote: 'api' };

  beforeAll(async () => {
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: project.local }),
      stack.startClaude('remote', { project: project.remote }),
    ]);
    session.local = await stack.firstTurn(claude.local, 'local', 'hello from the terminal');
    session.remote = await stack.firstTurn(claude.remote, 'remote', 'hello from over there');
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(async () => {
    stack.model.resetAnswers();
    await stack.settleClaudes();
  });

  it('registers its command menu and long-polls', () => {
    const [menu] = stack.telegram.calls('setMyCommands');
    const commands = (menu?.params['commands'] as Array<{ command: string }>).map((c) => c.command);
    expect(commands).toEqual([
      'sessions',
      'cmd',
      'output',
      'get',
      'esc',
      'new',
      'stop',
      'servers',
      'quiet',
      'mute',
      'unmute',
      'presence',
      'status',
      'help',
    ]);
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

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('%s', (_where, server) => {
    /** Sends `/cmd <session> text` and waits for the turn it starts. */
    const cmdTurn = (text: string) =>
      stack.turn(server, async () => {
        const answer = await stack.ask(`/cmd ${session[server].name} ${text}`, {
          timeoutMs: 30_000,
        });
        expect(answer.text).toContain(`✅ Sent to <code>${session[server].name}</code>`);
      });
    const canaries = () =>
      readdirSync(stack[server]!.dir).filter((name) => name.startsWith('canary'));

    it("a turn's Stop reaches the chat with Claude's reply, its project, pane and session", () => {
      const { text, name, token } = session[server];
      expect(name).toMatch(new RegExp(`^${server}:\\d+$`));
      expect(token).toMatch(/^[A-Z0-9]{8}$/);
      expect(text).toContain(`✅ [${server.toUpperCase()}] Claude Task Completed`);
      expect(text).toContain(`Project: ${project[server]}`);
      expect(text).toContain(`pane ${claude[server].paneId}`);
      expect(text).toContain(`Session: ${name} · token ${token}`);
      expect(text).toContain(
        `You said: ${server === 'local' ? 'hello from the terminal' : 'hello from over there'}`,
      );
      expect(text).toContain(`/cmd ${name} <your command>`);
    });

    it('/cmd with one line: the model gets exactly that prompt, and the reply comes back', async () => {
      const text = `one line for the ${server} Claude`;
      const turn = await cmdTurn(text);
      expect(turn.prompts).toEqual([text]);
      expect(turn.notification.name).toBe(session[server].name);
      expect(turn.notification.text).toContain(`You said: ${text}`);
    });

    it('/cmd with several lines: one prompt, exactly as sent', async () => {
      const text = `first line (${server})\n  second, indented\n\nfourth, after a blank one`;
      const turn = await cmdTurn(text);
      expect(turn.prompts).toEqual([text]);
    });

    it('/cmd with 4,000 characters: one prompt, exactly as sent, and nothing runs', async () => {
      const text = longText(4000, join(stack[server]!.dir, 'canary-long'));
      expect(text).toHaveLength(4000);
      const turn = await cmdTurn(text);
      expect(turn.prompts).toEqual([text]);
      expect(canaries()).toEqual([]);
    });

    it('the injection corpus: each text one prompt, as sent, and nothing runs', async () => {
      const canary = (n: number) => join(stack[server]!.dir, `canary-${n}`);
      for (const [i, { text, arrives }] of claudeCodeCorpus(canary).entries()) {
        const turn = await cmdTurn(text);
        expect({ i, prompts: turn.prompts }).toEqual({ i, prompts: [arrives] });
      }
      expect(canaries()).toEqual([]);
    }, 240_000);

    it('a reply to a notification is typed into its session, as one prompt', async () => {
      const text = `Use the second option, ${server}; $(touch canary-reply)`;
      const turn = await stack.turn(server, () =>
        stack.ask(text, { replyToMessage: session[server].messageId }),
      );
      expect(turn.prompts).toEqual([text]);
      expect(canaries()).toEqual([]);
    });

    it('/esc interrupts an answer that is still streaming', async () => {
      const prompt = `take your time, ${server}`;
      stack.model.answer(prompt, { kind: 'slow', chunk: 'still going ', intervalMs: 50 });
      const since = stack.model.requests().length;
      await stack.ask(`/cmd ${session[server].name} ${prompt}`);
      const request = await stack.model.waitForRequest(prompt, { since });
      await claude[server].waitForScreen(/still going still going/, {
        what: 'the answer streaming',
      });
      expect(request.state).toBe('answering');

      const answer = await stack.ask(`/esc ${session[server].name}`);
      expect(answer.text).toContain(`⎋ Pressed Escape in <code>${session[server].name}</code>`);
      expect(await stack.model.waitForAnswerEnd(request)).toBe('closed-early');
      await claude[server].waitForScreen('Interrupted');
    });

    it("/output shows the pane's last lines, Claude's screen, escaped", async () => {
      const text = `<b>not bold</b> & "quoted" </pre> on ${server}`;
      await cmdTurn(text);
      const answer = await stack.ask(`/output ${session[server].name}`);
      expect(answer.text).toContain(`🖥 <code>${session[server].name}</code>`);
      expect(answer.text).toContain('last 40 lines');
      const screen = preformatted(answer.text);
      expect(screen).toContain(
        `You said: &lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot; &lt;/pre&gt; on ${server}`,
      );
      expect(screen).toContain('❯');

      const three = preformatted((await stack.ask(`/output ${session[server].token} 3`)).text);
      expect(three.split('\n').length).toBeLessThanOrEqual(3);
    });
  });

  it('/cmd takes the token instead of the name, in any case', async () => {
    const turn = await stack.turn('remote', () =>
      stack.ask(`/cmd ${session.remote.token.toLowerCase()} yes, go on`),
    );
    expect(turn.prompts).toEqual(['yes, go on']);
  });

  it('drives two servers at once, each text reaching its own Claude', async () => {
    const since = stack.model.requests().length;
    const toRemote = await stack.send(`/cmd ${session.remote.name} to the remote one`);
    const toLocal = await stack.send(`/cmd ${session.local.name} to the local one`);
    const [remoteAnswer, localAnswer] = await Promise.all([
      stack.answerTo(toRemote),
      stack.answerTo(toLocal),
    ]);
    expect(remoteAnswer.text).toContain(`Sent to <code>${session.remote.name}</code>`);
    expect(localAnswer.text).toContain(`Sent to <code>${session.local.name}</code>`);
    const [local, remote] = await Promise.all([
      stack.notification('local', { includes: 'You said: to the local one' }),
      stack.notification('remote', { includes: 'You said: to the remote one' }),
    ]);
    expect(local.name).toBe(session.local.name);
    expect(remote.name).toBe(session.remote.name);
    expect(stack.model.promptsSince(since).sort()).toEqual([
      'to the local one',
      'to the remote one',
    ]);
    const sessionOf = (prompt: string) =>
      stack.model
        .requests()
        .slice(since)
        .find((request) => request.prompt === prompt)?.headers['x-claude-code-session-id'];
    expect(sessionOf('to the local one')).not.toBe(sessionOf('to the remote one'));
  });

  it('/sessions lists live sessions by server: name, project, token, state, tmux pane, time left', async () => {
    const { text } = await stack.ask('/sessions');
    expect(text).toContain('<b>Live sessions</b> · 2');
    const localAt = text.indexOf('<b>local</b>');
    const remoteAt = text.indexOf('<b>remote</b>');
    expect(localAt).toBeGreaterThan(-1);
    expect(remoteAt).toBeGreaterThan(localAt);
    expect(text).toContain(
      `<code>${session.local.name}</code> · web &lt;app&gt; &amp; &quot;co&quot; · token <code>${session.local.token}</code>`,
    );
    expect(text).toContain(
      `<code>${session.remote.name}</code> · api · token <code>${session.remote.token}</code>`,
    );
    expect(text).toContain(`tmux <code>${claude.local.session}:0 ${claude.local.paneId}</code>`);
    expect(text).toContain(`tmux <code>${claude.remote.session}:0 ${claude.remote.paneId}</code>`);
    // Idle after a turn; waiting once Claude Code has said so (idle_prompt).
    expect(text).toMatch(
      /(💤 idle|⏳ waiting for input) since \d\d:\d\d UTC \([^)]+\)\n {3}tmux .* · 23h 5\dm left/,
    );
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
    // Two notifications POSTed as remote-hook sends them (for Claude sessions of these panes),
    // a 429 holding the first back so that both go out as one message: a merge cannot be had
    // from Claude Code on demand.
    stack.telegram.failNext('sendMessage', { status: 429, retryAfter: 1 });
    const a = await stack.notify({ serverId: 'local', pane: claude.local, noWait: true });
    const b = await stack.notify({ serverId: 'remote', pane: claude.remote, noWait: true });
    const merged = await stack.telegram.waitForSentMessage(
      (m) => m.text.includes(`/cmd ${a.name} `) && m.text.includes(`/cmd ${b.name} `),
      { what: 'one message about both sessions' },
    );
    const messageId = stack.messageIdOf(merged);
    await stack.hubDelivered();
    const since = stack.model.requests().length;
    const answer = await stack.ask('which one gets this?', { replyToMessage: messageId });
    expect(answer.text).toContain('That message reports 2 sessions');
    expect(answer.text).toContain(`<code>/cmd ${a.name} your text</code>`);
    expect(answer.text).toContain(`<code>/cmd ${b.name} your text</code>`);
    expect(answer.text).toContain('Nothing was typed');
    expect(stack.model.requests().length).toBe(since);
    for (const pane of [claude.local, claude.remote]) {
      expect(await pane.screen()).not.toContain('which one gets this?');
    }
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
    const nothing = await stack.ask(`/cmd ${session.local.name}`);
    expect(nothing.text).toContain(`Nothing to type into <code>${session.local.name}</code>`);
  });

  it('logs one line per update with its update_id, never the token or the text typed', async () => {
    const marker = 'typed-text-that-must-not-be-logged-7f3a';
    await stack.turn('local', async () => {
      const messageId = await stack.send(`/cmd ${session.local.name} ${marker}`);
      await stack.answerTo(messageId);
    });
    // The line is written once the answer is out, a moment after the fake API saw it.
    const last = await waitFor(
      () =>
        stack
          .botLog()
          .find(
            (line) =>
              line['msg'] === 'update' &&
              line['session'] === session.local.name &&
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
