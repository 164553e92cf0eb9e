import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, runSql, runWriteTransaction } from '@ccr/session-data-access';
import {
  freePort,
  promptBoxOf,
  startSilentTcpServer,
  waitFor,
  type ClaudeCodePane,
  type SilentTcpServer,
} from '@ccr/testing';
import {
  BotStack,
  SSH_CONNECT_TIMEOUT_MS,
  type NotifiedSession,
  type StackServer,
} from './support/bot-stack';

const STRANGER = 5151;

describe('hub-bot: every failure answers in words a person can act on', () => {
  let silent: SilentTcpServer | undefined;
  let closedPort = 0;
  const stack = new BotStack({
    remote: true,
    extraServers: async (started) => {
      const sshd = started.sshd!;
      closedPort = await freePort();
      silent = await startSilentTcpServer();
      const otherKey = await sshd.newKeyPair('another-host-key');
      const wrongKnownHosts = join(started.dir, 'wrong_known_hosts');
      writeFileSync(wrongKnownHosts, `${sshd.knownHostsLine(otherKey)}\n`);
      return [
        started.remoteEntry('closed', { port: closedPort }),
        started.remoteEntry('imposter', { knownHostsPath: wrongKnownHosts }),
        started.remoteEntry('silent', { port: silent.port }),
      ];
    },
  });
  const claude = {} as Record<StackServer, ClaudeCodePane>;
  let local: NotifiedSession;
  let remote: NotifiedSession;

  /**
   * Runs `act` and checks that it typed nothing into the local Claude: no prompt reached the
   * model, and its prompt box is still empty.
   */
  async function typesNothing(act: () => Promise<unknown>): Promise<void> {
    const since = stack.model.requests().length;
    await act();
    expect(stack.model.promptsSince(since)).toEqual([]);
    expect(promptBoxOf(await claude.local.screen())?.input).toBe('');
  }

  beforeAll(async () => {
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: 'web' }),
      stack.startClaude('remote', { project: 'api' }),
    ]);
    local = await stack.firstTurn(claude.local, 'local', 'hello');
    remote = await stack.firstTurn(claude.remote, 'remote', 'hello');
  }, 120_000);

  afterAll(async () => {
    try {
      await stack.stop();
    } finally {
      await silent?.close();
    }
  }, 60_000);

  afterEach(() => stack.settleClaudes());

  it('an unknown session: says so and where to find live ones', async () => {
    const { text } = await stack.ask('/cmd local:999 hello');
    expect(text).toBe(
      '🔎 No session local:999. Check the name or token; /sessions lists live ones.',
    );
    const invalid = await stack.ask('/output not/a/session');
    expect(invalid.text).toContain('&quot;not/a/session&quot; is not a session');
    expect(invalid.text).toContain('/sessions lists live ones');
  });

  it('an expired session: says when it expired and how a new one comes', async () => {
    // A session expires 24 h after its last notification: one is made for the local Claude's
    // pane as remote-hook would POST it, and aged in the database.
    const old = await stack.notify({ serverId: 'local', pane: claude.local, project: 'old' });
    const dataSource = await openDatabase(stack.database.location);
    try {
      await runWriteTransaction(dataSource, (manager) =>
        runSql(manager, 'UPDATE sessions SET expires_at = :expiresAt WHERE token = :token', {
          expiresAt: Date.now() - 60_000,
          token: old.token,
        }),
      );
    } finally {
      await dataSource.destroy();
    }
    await typesNothing(async () => {
      for (const answer of [
        await stack.ask(`/cmd ${old.name} are you there?`),
        await stack.ask('are you there?', { replyToMessage: old.messageId }),
      ]) {
        expect(answer.text).toMatch(
          new RegExp(`Session ${old.name} expired at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`),
        );
        expect(answer.text).toContain(
          'The next notification from that Claude session starts a new session',
        );
      }
    });
    expect((await stack.ask('/sessions')).text).not.toContain(`<code>${old.name}</code>`);
  });

  it('a session on a server that is not in servers.json: names the server and the file', async () => {
    // As remote-hook on a machine the hub was not told about would POST it.
    const ghost = await stack.notify({ serverId: 'ghost', pane: claude.local });
    const { text } = await stack.ask(`/cmd ${ghost.name} hello`);
    expect(text).toContain(`Session <code>${ghost.name}</code> runs on server <code>ghost</code>`);
    expect(text).toContain(`which is not in <code>${stack.serversPath}</code>`);
    expect(text).toContain('restart hub-bot');
    expect((await stack.ask('/sessions')).text).toContain(
      '<b>ghost</b> · ⚠️ not in servers.json: cannot be answered',
    );
  });

  it('a session that did not run inside tmux: says so', async () => {
    const plain = await stack.notify({ serverId: 'local', project: 'no-tmux' });
    const { text } = await stack.ask(`/cmd ${plain.name} hello`);
    expect(text).toContain(`Session <code>${plain.name}</code> (no-tmux) did not run inside tmux`);
    expect(text).toContain('Start Claude Code inside tmux on <code>local</code>');
  });

  it('a text too long to type at once: says how long and what to do', async () => {
    await typesNothing(async () => {
      const { text } = await stack.ask(`/cmd ${local.name} ${'🚀'.repeat(5000)}`);
      expect(text).toBe(
        '✂️ Too long to type at once. The text is 20000 bytes long; at most 16384 bytes can be typed into a pane at once. Send it in parts.',
      );
    });
  });

  it.each(['local', 'remote'] as const)(
    'a Claude whose pane is gone without a word, on %s: says the pane is gone and what to do',
    async (serverId) => {
      const closing = await stack.startClaude(serverId, { project: 'closed-pane' });
      const session = await stack.firstTurn(closing, serverId, `about to close on ${serverId}`);
      // Killed, as in a crash or a reboot: no SessionEnd says that it ended (a closed window
      // would let Claude send one, and /cmd would then say the session ended).
      process.kill(closing.pid, 'SIGKILL');
      await closing.stop();
      for (const command of [
        `/cmd ${session.name} hello`,
        `/output ${session.name}`,
        `/esc ${session.name}`,
      ]) {
        const { text } = await stack.ask(command);
        expect(text).toContain(
          `🪟 The tmux pane <code>${closing.paneId}</code> of session <code>${session.name}</code> (closed-pane) is gone`,
        );
        expect(text).toContain('Nothing was sent to the pane');
        expect(text).toContain('Start Claude again in tmux there');
      }
    },
  );

  it('a host key that does not match: refuses to connect and says why', async () => {
    const session = await stack.notify({
      serverId: 'imposter',
      pane: { session: 'x', paneId: '%1' },
    });
    const { text } = await stack.ask(`/cmd ${session.name} my password is hunter2`);
    expect(text).toContain(
      `⚠️ <b>Host key mismatch</b> for <b>imposter</b> (127.0.0.1:${stack.sshd!.port}): I did not connect.`,
    );
    expect(text).toContain('ssh-keygen -R');
    expect(text).toContain('Nothing was sent to the pane');
  });

  it('a server that refuses SSH: says so, with the command to check by hand', async () => {
    const session = await stack.notify({
      serverId: 'closed',
      pane: { session: 'x', paneId: '%1' },
    });
    const { text } = await stack.ask(`/cmd ${session.name} hello`);
    expect(text).toBe(
      `🔌 <b>closed</b> (127.0.0.1:${closedPort}) refused the SSH connection: is sshd running there, on that port? ` +
        `Check with <code>ssh -p ${closedPort} ${stack.sshd!.user.name}@127.0.0.1</code>. Nothing was sent to the pane.`,
    );
  });

  it('a server that never answers: gives up within the connect timeout, never hangs', async () => {
    const session = await stack.notify({
      serverId: 'silent',
      pane: { session: 'x', paneId: '%1' },
    });
    const { text } = await stack.ask(`/esc ${session.name}`, {
      timeoutMs: SSH_CONNECT_TIMEOUT_MS + 10_000,
    });
    expect(text).toContain(
      `⏱ No SSH connection to <b>silent</b> (127.0.0.1:${silent!.port}) within 2 s: is the host up`,
    );
  });

  it('/servers lists every configured server, reachable or not, with what is wrong', async () => {
    const { text } = await stack.ask('/servers', { timeoutMs: SSH_CONNECT_TIMEOUT_MS + 15_000 });
    expect(text).toContain('<b>Servers</b> · 2 of 5 reachable');
    const lines = text.split('\n');
    const block = (id: string) => {
      const at = lines.findIndex((line) => line.includes(`<b>${id}</b>`));
      expect(at).toBeGreaterThan(-1);
      return `${lines[at]}\n${lines[at + 1]}`;
    };
    expect(block('local')).toMatch(/^🟢 .*\n {3}tmux answered in [\d.]+ ms/);
    expect(block('remote')).toMatch(/^🟢 .*\n {3}SSH round trip [\d.]+ ms/);
    expect(block('closed')).toMatch(/^🔴 .*\n {3}refused the SSH connection: is sshd running\?/);
    expect(block('imposter')).toMatch(/^🔴 .*\n {3}⚠️ <b>host key mismatch<\/b>: not connected/);
    expect(block('silent')).toMatch(/^🔴 .*\n {3}no SSH connection within 2 s: is the host up\?/);
  });

  it('a chat that is not allowed: one short refusal, a log line, and nothing typed', async () => {
    const since = stack.model.requests().length;
    const refusal = await stack.ask(`/cmd ${local.name} let me in`, { chatId: STRANGER });
    expect(refusal.text).toContain(
      '⛔ This bot takes commands only from the chats it was set up for',
    );
    expect(refusal.text).toContain(`<code>${STRANGER}</code>`);
    const second = await stack.send(`/cmd ${local.name} let me in now`, { chatId: STRANGER });
    const lines = await waitFor(
      () => {
        const refused = stack
          .botLog()
          .filter((line) => line['msg'] === 'update' && line['chat_id'] === String(STRANGER));
        return refused.length >= 2 && refused;
      },
      { what: 'two log lines for the stranger' },
    );
    for (const line of lines) {
      expect(line).toMatchObject({ outcome: 'refused', error_code: 'CHAT_NOT_ALLOWED', level: 40 });
    }
    expect(stack.answersTo(second, STRANGER)).toEqual([]);
    expect(stack.telegram.sentMessages(STRANGER)).toHaveLength(1);
    expect(stack.model.promptsSince(since)).toEqual([]);
    expect(promptBoxOf(await claude.local.screen())?.input).toBe('');
    // The allowed chat is still served.
    const served = await stack.turn('local', () => stack.ask(`/cmd ${local.name} still here`));
    expect(served.prompts).toEqual(['still here']);
  });

  it('sshd stopped mid-run: answers at once that SSH is refused, then recovers', async () => {
    const before = await stack.turn('remote', () => stack.ask(`/cmd ${remote.name} before`));
    expect(before.prompts).toEqual(['before']);
    await stack.sshd!.stop();
    try {
      const during = await stack.ask(`/cmd ${remote.name} during`, {
        timeoutMs: SSH_CONNECT_TIMEOUT_MS + 10_000,
      });
      expect(during.text).toContain(
        `🔌 <b>remote</b> (127.0.0.1:${stack.sshd!.port}) refused the SSH connection`,
      );
      const servers = await stack.ask('/servers', { timeoutMs: SSH_CONNECT_TIMEOUT_MS + 15_000 });
      expect(servers.text).toMatch(/🔴 <b>remote<\/b>.*\n {3}refused the SSH connection/);
      // Other servers are not held up by the one that is down.
      const localTurn = await stack.turn('local', () =>
        stack.ask(`/cmd ${local.name} local still works`),
      );
      expect(localTurn.prompts).toEqual(['local still works']);
    } finally {
      await stack.sshd!.start();
    }
    const after = await stack.turn('remote', () => stack.ask(`/cmd ${remote.name} after`));
    expect(after.prompts).toEqual(['after']);
  });
});
