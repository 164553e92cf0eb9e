import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  attachClaudeCode,
  isTrustDialog,
  prepareClaudeHome,
  startSilentTcpServer,
  waitFor,
  type ClaudeCodePane,
  type ClaudeHome,
  type SentMessageParams,
  type SilentTcpServer,
  type TestTmuxServer,
} from '@ccr/testing';
import { BotStack, CHAT_ID, type HubSession, type StackServer } from './support/bot-stack';

/** The tmux session hub-bot opens its windows in on `local` and `remote`. */
const FLEET = 'fleet';

/** `tmux <code>fleet:3 %12</code>` in a /new answer: where hub-bot opened the window. */
function windowIn(html: string): { window: string; pane: string } {
  const match = /tmux <code>[^:<]+:(\d+) (%\d+)<\/code>/.exec(html);
  if (!match?.[1] || !match[2]) throw new Error(`no tmux window in ${html}`);
  return { window: match[1], pane: match[2] };
}

/** `🟢 <code>local:3</code> started`: the new session's name. */
function startedName(html: string): string {
  const match = /^🟢 <code>([^<]+)<\/code> started in /.exec(html);
  if (!match?.[1]) throw new Error(`not a started answer: ${html}`);
  return match[1];
}

describe('fleet control with the real Claude Code: /new, /sessions, /stop, locally and over SSH', () => {
  let silent: SilentTcpServer | undefined;
  const homes = {} as Record<StackServer, ClaudeHome>;
  /** Folders in each home: trusted projects, untrusted ones, and one never made. */
  const folders = {} as Record<
    StackServer,
    { webapp: string; api: string; fresh: string; cancel: string; gone: string }
  >;
  const stack = new BotStack({
    remote: true,
    serverFields: async (started) => {
      for (const server of ['local', 'remote'] as const) {
        const tmux = tmuxOf(started, server);
        const home = await prepareClaudeHome(tmux, {
          apiBaseUrl: started.model.baseUrl,
          trusted: ['webapp', 'api'],
        });
        homes[server] = home;
        folders[server] = {
          webapp: home.project('webapp'),
          api: home.project('api'),
          fresh: home.project('fresh'),
          cancel: home.project('cancel'),
          gone: join(home.home, 'projects', 'gone'),
        };
      }
      const launch = (server: StackServer) => ({
        claudeCommand: homes[server].command,
        tmuxSession: FLEET,
      });
      return {
        // Any folder locally; over SSH only the projects, one of which was never made.
        local: {
          ...launch('local'),
          projects: [folders.local.webapp, folders.local.api],
          allowAnyFolder: true,
        },
        remote: {
          ...launch('remote'),
          projects: [
            folders.remote.webapp,
            folders.remote.api,
            folders.remote.fresh,
            folders.remote.cancel,
            folders.remote.gone,
          ],
        },
      };
    },
    extraServers: async (started) => {
      silent = await startSilentTcpServer();
      const local = { type: 'local', tmuxSocket: { path: started.local.socketPath } } as const;
      return [
        { ...local, id: 'noclaude', allowAnyFolder: true, claudeCommand: ['no-such-claude'] },
        started.remoteEntry('remote-noclaude', {
          tmuxSocket: { path: started.remote!.socketPath },
          allowAnyFolder: true,
          claudeCommand: '/opt/no-such/claude',
        }),
        {
          id: 'notmux',
          type: 'local',
          tmuxPath: '/nonexistent/tmux',
          allowAnyFolder: true,
          claudeCommand: homes.local.command,
        },
        started.remoteEntry('remote-notmux', {
          tmuxPath: '/nonexistent/tmux',
          allowAnyFolder: true,
          claudeCommand: homes.remote.command,
        }),
        started.remoteEntry('down', { port: silent.port, allowAnyFolder: true }),
      ];
    },
  });

  function tmuxOf(started: BotStack, server: StackServer): TestTmuxServer {
    const tmux = server === 'local' ? started.local : started.remote;
    if (!tmux) throw new Error(`no ${server} tmux`);
    return tmux;
  }

  /** Every pane of both tmux servers: what /new opens, and what a refused /new must not. */
  async function allPanes(): Promise<string[]> {
    const panes: string[] = [];
    for (const server of ['local', 'remote'] as const) {
      const listed = await tmuxOf(stack, server).tmux(['list-panes', '-a', '-F', '#{pane_id}']);
      panes.push(
        ...listed.stdout
          .split('\n')
          .filter((line) => line !== '')
          .map((p) => `${server}${p}`),
      );
    }
    return panes.sort();
  }

  async function paneExists(server: StackServer, pane: string): Promise<boolean> {
    const result = await tmuxOf(stack, server).tmux(['display-message', '-p', '-t', pane, '#D']);
    return result.code === 0 && result.stdout.trim() === pane;
  }

  /**
   * The running session hub-api knows in a pane, once its SessionStart came. (A pane id may
   * have been an ended session's too: tmux starts counting again when its server restarts,
   * as it does after the hub's last window closed.)
   */
  async function sessionIn(server: StackServer, pane: string): Promise<HubSession | undefined> {
    return (await stack.hubSessions()).find(
      (s) => s.serverId === server && s.tmux.pane === pane && s.state !== 'ended',
    );
  }

  async function sessionNamed(name: string): Promise<HubSession> {
    const session = (await stack.hubSessions()).find((s) => s.name === name);
    if (!session) throw new Error(`hub-api lists no session ${name}`);
    return session;
  }

  /** Waits until hub-api holds a session in `state`. */
  function stateOf(name: string, state: string): Promise<HubSession> {
    return waitFor(
      async () => {
        const session = await sessionNamed(name);
        return session.state === state && session;
      },
      { what: `session ${name} to be ${state}` },
    );
  }

  /** /new, answered once Claude is up or asks (the answer waits for it). */
  function startNew(args: string): Promise<SentMessageParams> {
    return stack.ask(`/new ${args}`, { timeoutMs: 90_000 });
  }

  /** Runs `act`, and checks that it started nothing: no window, no request at the model. */
  async function startsNothing(act: () => Promise<void>): Promise<void> {
    const panes = await allPanes();
    const requests = stack.model.requests().length;
    await act();
    expect(await allPanes()).toEqual(panes);
    expect(stack.model.requests().length).toBe(requests);
  }

  const canaryDir = (server: StackServer) => tmuxOf(stack, server).dir;
  const canaries = (server: StackServer) =>
    readdirSync(canaryDir(server)).filter((name) => name.startsWith('canary'));

  beforeAll(async () => {
    await stack.start();
    await Promise.all(
      (['local', 'remote'] as const).map((server) =>
        homes[server].installHooks(stack.hooksFor(server)),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    try {
      await stack.stop();
    } finally {
      await silent?.close();
    }
  }, 60_000);

  afterEach(() => {
    stack.model.resetAnswers();
    for (const server of ['local', 'remote'] as const) expect(canaries(server)).toEqual([]);
  });

  it('offers /new and /stop in the command menu', () => {
    const [menu] = stack.telegram.calls('setMyCommands');
    const commands = (menu?.params['commands'] as Array<{ command: string }>).map((c) => c.command);
    expect(commands).toEqual(expect.arrayContaining(['new', 'stop']));
  });

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('%s', (_where, server) => {
    /** The session /new with a first prompt started, for the tests after it. */
    let first: { name: string; pane: string; answer: SentMessageParams };

    it('/new with a first prompt: Claude starts in the folder, the model gets the prompt as written, the session is working, then idle', async () => {
      const prompt = `first task on ${server}: 'quoted' "double" ; $(touch ${join(canaryDir(server), 'canary-1')}) \`touch ${join(canaryDir(server), 'canary-2')}\``;
      stack.model.answer(prompt, { kind: 'slow', chunk: 'working on it ', intervalMs: 100 });
      const since = stack.model.requests().length;
      const chatSince = stack.telegram.sentMessages(CHAT_ID).length;

      const answer = await startNew(`${server} webapp ${prompt}`);
      const name = startedName(answer.text);
      expect(name).toMatch(new RegExp(`^${server}:\\d+$`));
      expect(answer.text).toContain(
        `🟢 <code>${name}</code> started in <code>${folders[server].webapp}</code> on <b>${server}</b>`,
      );
      expect(answer.text).toContain(`tmux <code>${FLEET}:`);
      expect(answer.text).toContain('Typed your first prompt');
      const { pane } = windowIn(answer.text);
      first = { name, pane, answer };
      const session = await sessionNamed(name);
      expect(session).toMatchObject({ serverId: server, cwd: folders[server].webapp });
      expect(session.tmux).toMatchObject({ session: FLEET, pane });
      const id = /^out:(\d+)$/.exec(stack.buttonsOf(answer)[0]?.callback_data ?? '')?.[1];
      expect(stack.buttonsOf(answer).map((b) => [b.text, b.callback_data])).toEqual([
        ['📄 Output', `out:${id}`],
        ['⎋ Esc', `esc:${id}`],
        ['⏹ Stop', `stop:${id}`],
      ]);

      const request = await stack.model.waitForRequest(prompt, { since });
      expect(stack.model.promptsSince(since)).toEqual([prompt]);

      await stateOf(name, 'working');
      const working = await stack.ask('/sessions');
      expect(working.text).toMatch(
        new RegExp(
          `<code>${name}</code> · webapp · token <code>[A-Z0-9]{8}</code>\\n {3}⚙️ working since \\d\\d:\\d\\d UTC`,
        ),
      );
      expect(stack.buttonsOf(working)).toEqual(
        expect.arrayContaining([{ text: `📄 ${name}`, callback_data: `out:${id}` }]),
      );

      expect(stack.model.finishAnswer(request)).toBe(true);
      const stop = await stack.notification(server, {
        includes: 'working on it',
        since: chatSince,
      });
      expect(stop.name).toBe(name);
      await stateOf(name, 'idle');
      const idle = await stack.ask('/sessions');
      expect(idle.text).toMatch(new RegExp(`<code>${name}</code> · webapp .*\\n {3}💤 idle since`));
    });

    it('/cmd types into the session /new started, and /stop ends it: SessionEnd, window closed, no more typing', async () => {
      const turn = await stack.turn(server, () =>
        stack.ask(`/cmd ${first.name} and now this, on ${server}`),
      );
      expect(turn.prompts).toEqual([`and now this, on ${server}`]);

      const stopped = await stack.ask(`/stop ${first.name}`, { timeoutMs: 60_000 });
      expect(stopped.text).toMatch(
        new RegExp(
          `^⏹ <code>${first.name}</code> \\(webapp\\) ended at \\d\\d:\\d\\d UTC \\(its SessionEnd came\\); its window went with it\\.$`,
        ),
      );
      expect(await paneExists(server, first.pane)).toBe(false);
      expect((await sessionNamed(first.name)).state).toBe('ended');
      expect((await stack.ask('/sessions')).text).toMatch(
        new RegExp(`<code>${first.name}</code> .*\\n {3}⏹ ended since`),
      );

      const since = stack.model.requests().length;
      const refused = await stack.ask(`/cmd ${first.name} anyone there?`);
      expect(refused.text).toMatch(
        new RegExp(
          `^🔎 Session ${first.name} ended at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC: Claude exited, so nothing was typed\\.`,
        ),
      );
      expect(stack.model.requests().length).toBe(since);
    });

    it('/new without a first prompt, then its Stop button', async () => {
      const answer = await startNew(`${server} ${folders[server].api}`);
      const name = startedName(answer.text);
      expect(answer.text).toContain(`started in <code>${folders[server].api}</code>`);
      expect(answer.text).toContain(
        `Claude waits for your first prompt: <code>/cmd ${name} your text</code>`,
      );
      const { pane } = windowIn(answer.text);
      // A tmux that keeps a window whose program exited: the hub closes the window it opened.
      await tmuxOf(stack, server).tmux(['set-option', '-w', '-t', pane, 'remain-on-exit', 'on']);
      const stopButton = stack.buttonsOf(answer).find((b) => b.text === '⏹ Stop');
      const answerId = stack.messageIdOf(answer);
      // Started from here: Stop asks nothing.
      expect(await stack.press(stopButton!.callback_data, answerId)).toBe('Stopping…');
      const stopped = await stack.nthAnswerTo(answerId, 0, { timeoutMs: 60_000 });
      expect(stopped.text).toContain(`⏹ <code>${name}</code> (api) ended at`);
      expect(stopped.text).toContain('its window is closed');
      expect(await paneExists(server, pane)).toBe(false);
    });

    it("/new with a server alone offers its projects; a project's button starts Claude there", async () => {
      const offer = await stack.ask(`/new ${server}`);
      expect(offer.text).toContain(`📁 Where should Claude start on <b>${server}</b>?`);
      const buttons = stack.buttonsOf(offer);
      // In servers.json order; a long folder shows its end.
      expect(buttons[0]?.text).toMatch(/^📁 .*\/projects\/webapp$/);
      expect(buttons[1]?.text).toMatch(/^📁 .*\/projects\/api$/);
      const api = buttons[1];
      const offerId = stack.messageIdOf(offer);

      // A button made for another list starts nothing.
      await startsNothing(async () => {
        expect(await stack.press(`new:${server}:1:zzzzzz`, offerId)).toBe('Starting Claude…');
        const stale = await stack.nthAnswerTo(offerId, 0);
        expect(stale.text).toContain(
          `The projects of <b>${server}</b> changed since this button was made`,
        );
      });

      expect(await stack.press(api!.callback_data, offerId)).toBe('Starting Claude…');
      const started = await stack.nthAnswerTo(offerId, 1, { timeoutMs: 90_000 });
      const name = startedName(started.text);
      expect(started.text).toContain(`started in <code>${folders[server].api}</code>`);
      const stopped = await stack.ask(`/stop ${name}`, { timeoutMs: 60_000 });
      expect(stopped.text).toContain('its window went with it');
    });

    it('the trust dialog: the chat answers it; Trust starts Claude, a second press changes nothing', async () => {
      const folder = folders[server].fresh;
      const asked = await startNew(`${server} ${server === 'remote' ? 'fresh' : folder}`);
      expect(asked.text).toContain(
        `🔐 Claude Code asks whether to trust <code>${folder}</code> on <b>${server}</b>`,
      );
      const { pane } = windowIn(asked.text);
      const claude = await attachClaudeCode(tmuxOf(stack, server), pane, homes[server], {
        cwd: folder,
      });
      await claude.waitForScreen(isTrustDialog, { what: 'the trust dialog' });
      // No hook runs before it is answered: the hub knows no session there.
      expect(await sessionIn(server, pane)).toBeUndefined();

      const buttons = stack.buttonsOf(asked);
      expect(buttons.map((b) => b.text)).toEqual(['✅ Trust the folder', '✖ Cancel']);
      const askedId = stack.messageIdOf(asked);
      expect(await stack.press(buttons[0]!.callback_data, askedId)).toBe('Trusting the folder…');
      const started = await stack.nthAnswerTo(askedId, 0, { timeoutMs: 90_000 });
      const name = startedName(started.text);
      expect(started.text).toContain(`started in <code>${folder}</code>`);
      expect(stack.telegram.message(CHAT_ID, askedId)?.text).toBe(
        `✅ @test_user trusted ${folder} on ${server}.`,
      );
      expect(stack.telegram.message(CHAT_ID, askedId)?.reply_markup).toBeUndefined();
      expect((await sessionIn(server, pane))?.name).toBe(name);
      await claude.waitForIdle();

      expect(await stack.press(buttons[0]!.callback_data, askedId)).toBe('Trusting the folder…');
      expect((await stack.nthAnswerTo(askedId, 1)).text).toContain('was answered already');

      const stopped = await stack.ask(`/stop ${name}`, { timeoutMs: 60_000 });
      expect(stopped.text).toContain('its window went with it');
    });

    it('the trust dialog: Cancel ends Claude and closes its window, and no session is left', async () => {
      const folder = folders[server].cancel;
      const asked = await startNew(`${server} ${server === 'remote' ? 'cancel' : folder}`);
      const { pane } = windowIn(asked.text);
      const askedId = stack.messageIdOf(asked);
      const cancel = stack.buttonsOf(asked).find((b) => b.text === '✖ Cancel');
      expect(await stack.press(cancel!.callback_data, askedId)).toBe('Cancelling…');
      const cancelled = await stack.nthAnswerTo(askedId, 0, { timeoutMs: 60_000 });
      expect(cancelled.text).toBe(
        `✖ Cancelled: Claude did not start in <code>${folder}</code> on <b>${server}</b>, and its window is closed.`,
      );
      expect(stack.telegram.message(CHAT_ID, askedId)?.text).toContain(
        `✖ @test_user did not trust ${folder} on ${server}`,
      );
      expect(await paneExists(server, pane)).toBe(false);
      expect(await sessionIn(server, pane)).toBeUndefined();
    });

    it('/stop of a session started by hand asks first; Keep leaves it, Stop it ends Claude and leaves the window', async () => {
      const tmux = tmuxOf(stack, server);
      // Claude started at a shell's prompt: the window outlives it.
      const { paneId } = await tmux.newPane(
        ['sh', '-c', '"$@"; exec sleep 600', 'by-hand', ...homes[server].command],
        { cwd: folders[server].webapp },
      );
      const claude: ClaudeCodePane = await attachClaudeCode(tmux, paneId, homes[server], {
        cwd: folders[server].webapp,
      });
      await claude.waitForIdle({ timeoutMs: 30_000 });
      const session = await waitFor(() => sessionIn(server, paneId), {
        what: 'the session of the Claude started by hand',
      });

      const asked = await stack.ask(`/stop ${session.name}`);
      expect(asked.text).toContain(
        `⚠️ <code>${session.name}</code> (webapp) was not started from here: it runs in tmux <code>`,
      );
      expect(asked.text).toContain('Stop it anyway?');
      const [stopIt, keep] = stack.buttonsOf(asked);
      const askedId = stack.messageIdOf(asked);
      expect(await stack.press(keep!.callback_data, askedId)).toBe('Kept running');
      await waitFor(() => stack.telegram.message(CHAT_ID, askedId)?.text?.includes('kept'), {
        what: 'the question to say it was kept',
      });
      expect(stack.telegram.message(CHAT_ID, askedId)?.text).toBe(
        `@test_user kept ${session.name} (webapp) running.`,
      );
      expect(await sessionNamed(session.name)).toMatchObject({ state: 'idle' });
      await claude.waitForIdle();

      const again = await stack.ask(`/stop ${session.name}`);
      const againId = stack.messageIdOf(again);
      expect(stack.buttonsOf(again)[0]).toEqual(stopIt);
      expect(await stack.press(stopIt!.callback_data, againId)).toBe('Stopping…');
      const stopped = await stack.nthAnswerTo(againId, 0, { timeoutMs: 60_000 });
      expect(stopped.text).toContain(`⏹ <code>${session.name}</code> (webapp) ended at`);
      expect(stopped.text).toContain('its window, opened by hand, stays open');
      expect(stack.telegram.message(CHAT_ID, againId)?.text).toBe(
        `⏹ @test_user asked to stop ${session.name} (webapp).`,
      );
      // Claude has exited; what the person ran it from goes on in the window.
      expect(await paneExists(server, paneId)).toBe(true);
      const running = await tmux.tmux([
        'display-message',
        '-p',
        '-t',
        paneId,
        '#{pane_current_command}',
      ]);
      expect(running.stdout.trim()).toBe('sleep');
    });
  });

  describe('bad input: a clear answer, and nothing started', () => {
    it.each([
      ['no server', '/new', 'Say where: <code>/new kr4 ~/webapp</code>'],
      ['an unknown server', '/new nosuch ~/x', 'No server <code>nosuch</code> in <code>'],
      [
        'a server without projects, with no folder',
        '/new noclaude',
        'Say which folder to start Claude in on <b>noclaude</b>',
      ],
    ])('%s', async (_case, command, expected) => {
      await startsNothing(async () => {
        expect((await stack.ask(command)).text).toContain(expected);
      });
    });

    it('a server that does not answer: says so within the connect timeout', async () => {
      await startsNothing(async () => {
        const { text } = await stack.ask('/new down ~/x');
        expect(text).toContain(
          `⏱ No SSH connection to <b>down</b> (127.0.0.1:${silent!.port}) within 2 s`,
        );
        expect(text).toContain('Nothing was started.');
      });
    });

    it.each(['local', 'remote'] as const)(
      'a folder that is not there, its name full of shell and tmux syntax, on %s',
      async (server) => {
        const canary = join(canaryDir(server), 'canary-9');
        const folder =
          server === 'local'
            ? `/nonexistent/a;b$(touch\${IFS}${canary})'q"d#(touch\${IFS}${canary})`
            : 'gone';
        const named = server === 'local' ? folder : folders.remote.gone;
        await startsNothing(async () => {
          const { text } = await stack.ask(`/new ${server} ${folder}`);
          expect(text).toContain(`📁 There is no folder `);
          expect(text).toContain('Nothing was started.');
          expect(text.replace(/&quot;/g, '"').replace(/&#39;/g, "'")).toContain(named);
        });
      },
    );

    it('a folder the server does not allow', async () => {
      await startsNothing(async () => {
        const { text } = await stack.ask('/new remote /etc');
        expect(text).toContain(
          '<code>/etc</code> is not one of the folders Claude may start in on <b>remote</b>',
        );
        expect(text).toContain(`<code>${folders.remote.webapp}</code>`);
      });
    });

    it.each([
      ['noclaude', '"no-such-claude" was not found on server "noclaude" (as the hub itself)'],
      ['remote-noclaude', '"/opt/no-such/claude" was not found on server "remote-noclaude" (as '],
    ])('claude not found on %s: names the command tried', async (server, expected) => {
      await startsNothing(async () => {
        const { text } = await stack.ask(`/new ${server} /tmp`);
        const plain = text.replace(/&quot;/g, '"');
        expect(plain).toContain(`🧰 ${expected}`);
        expect(plain).toMatch(/"command -v \S+" found no program on PATH=\//);
        expect(text).toContain('<code>claudeCommand</code>');
        expect(text).toContain('Nothing was started.');
      });
    });

    it.each([
      ['notmux', 'Install tmux or set the server'],
      ['remote-notmux', 'tmux is not installed on server'],
    ])('tmux missing on %s', async (server, expected) => {
      await startsNothing(async () => {
        const { text } = await stack.ask(`/new ${server} /tmp`);
        expect(text.replace(/&quot;/g, '"')).toContain(expected);
      });
    });

    it('/stop without a session, or of one that does not exist', async () => {
      expect((await stack.ask('/stop')).text).toContain('<code>/stop kr4:1</code>');
      expect((await stack.ask('/stop local:999')).text).toContain('No session local:999');
    });
  });
});
