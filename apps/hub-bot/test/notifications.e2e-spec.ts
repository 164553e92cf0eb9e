import { isIdleScreen, waitFor, type ClaudeCodePane } from '@ccr/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BotStack, CHAT_ID, SECRET, type StackServer } from './support/bot-stack';

/** The hook events waiting in a Claude's spool, by event name, oldest first. */
function spooledEvents(claude: ClaudeCodePane): Array<{ event: string; promptId?: string }> {
  return claude.spooled().map(
    (name) =>
      JSON.parse(readFileSync(join(claude.spoolDir, name), 'utf8')) as {
        event: string;
        promptId?: string;
      },
  );
}

describe("the real Claude Code's hooks reach the chat, locally and over SSH", () => {
  const stack = new BotStack({ remote: true });
  const claude = {} as Record<StackServer, ClaudeCodePane>;

  beforeAll(async () => {
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: 'notified' }),
      stack.startClaude('remote', { project: 'notified' }),
    ]);
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(async () => {
    stack.model.resetAnswers();
    await stack.settleClaudes();
  });

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('%s', (_where, server) => {
    it("a turn's Stop: the chat gets Claude's reply, with buttons for its session", async () => {
      const prompt = `what did I say on ${server}?`;
      const notified = await stack.firstTurn(claude[server], server, prompt);
      expect(notified.text).toContain(`You said: ${prompt}`);
      const message = stack.telegram.message(CHAT_ID, notified.messageId);
      const buttons = (message?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
      expect(buttons).toEqual(['📄 Output', '⎋ Esc']);
    });

    it('an API error ends the turn (StopFailure): the chat hears that it failed, and why', async () => {
      const prompt = `this turn fails on ${server}`;
      stack.model.answer(prompt, { kind: 'error', status: 400, message: 'the model refuses' });
      const since = stack.telegram.sentMessages(CHAT_ID).length;
      await claude[server].type(prompt);
      const failed = await stack.notification(server, { type: 'failed', since });
      expect(failed.text).toContain(`❌ [${server.toUpperCase()}] Claude Task Failed`);
      expect(failed.text).toContain('Error:');
      expect(failed.text).toContain('the model refuses');
      // Claude Code keeps the failed prompt and sends it again with the next one: a new
      // conversation keeps the next test's prompts its own.
      await claude[server].type('/clear');
    });

    it('with the hub down, the turn finishes and its Stop is spooled; flush delivers it later', async () => {
      const prompt = `while the hub is away (${server})`;
      const since = stack.telegram.sentMessages(CHAT_ID).length;
      await stack.stopHub();
      try {
        await claude[server].type(prompt);
        await claude[server].waitForScreen(
          (screen) => screen.includes(`You said: ${prompt}`) && isIdleScreen(screen),
          { what: 'the answer, and Claude ready for the next prompt' },
        );
        // The turn's hooks have run when their events are in the spool: Claude did not wait
        // for them. The prompt's runs in the background, so either may be spooled first.
        const spooled = await waitFor(
          () => {
            const events = spooledEvents(claude[server]);
            const turn = events.filter((e) => e.event === 'UserPromptSubmit' || e.event === 'Stop');
            return turn.length === 2 && turn;
          },
          { what: "the turn's UserPromptSubmit and Stop in the spool" },
        );
        expect(spooled.map((e) => e.event).sort()).toEqual(['Stop', 'UserPromptSubmit']);
        expect(spooled[0]?.promptId).toBe(spooled[1]?.promptId);
      } finally {
        await stack.startHub();
      }
      expect(stack.telegram.sentMessages(CHAT_ID).slice(since)).toEqual([]);

      const flushed = await claude[server].remoteHook(['flush']);
      expect(flushed).toMatchObject({ code: 0 });
      const late = await stack.notification(server, { includes: `You said: ${prompt}`, since });
      expect(late.text).toContain(`✅ [${server.toUpperCase()}] Claude Task Completed`);
      expect(claude[server].spooled()).toEqual([]);
      // Delivered late, in whichever order they were spooled: the session is idle after its turn.
      const sessions = (await (
        await fetch(`${stack.hub!.url}/sessions`, { headers: { 'x-shared-secret': SECRET } })
      ).json()) as { sessions: Array<{ name: string; state: string }> };
      expect(sessions.sessions.find((s) => s.name === late.name)?.state).toBe('idle');
    });
  });
});
