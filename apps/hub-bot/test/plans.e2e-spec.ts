import {
  parseTelegramHtml,
  toolResultText,
  type ClaudeCodePane,
  type FakeModelRequest,
  type SentMessageParams,
} from '@ccr/testing';
import { BotStack, CHAT_ID, type StackServer } from './support/bot-stack';

/** The chat's user, as the fake Bot API names them and hub-bot records who answered. */
const PRESSER = '@test_user';

/** A plan's message in the chat, and the request its buttons answer. */
interface PlanMessage {
  permissionId: number;
  messageId: number;
  sent: SentMessageParams;
}

describe("hub-bot: Claude's plans approved or sent back from the chat (the real Claude Code)", () => {
  const stack = new BotStack({ remote: true });
  const claude = {} as Record<StackServer, ClaudeCodePane>;
  const seen = new Set<number>();
  let planned = 0;

  beforeAll(async () => {
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: 'plans', permissionMode: 'plan' }),
      stack.startClaude('remote', { project: 'plans', permissionMode: 'plan' }),
    ]);
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(async () => {
    stack.model.resetAnswers();
    await stack.settleClaudes();
  });

  /** Waits for a new plan's message from `server`, with its buttons, delivered and recorded. */
  async function planMessage(server: StackServer): Promise<PlanMessage> {
    const idOf = (message: SentMessageParams): number | undefined => {
      const data = JSON.stringify(message.reply_markup ?? '');
      const id = /"plan:(\d+):approve"/.exec(data)?.[1];
      return id === undefined ? undefined : Number(id);
    };
    const sent = await stack.telegram.waitForSentMessage(
      (message) => {
        const id = idOf(message);
        return (
          id !== undefined &&
          !seen.has(id) &&
          message.text.includes(`[${server.toUpperCase()}] Claude's Plan</b>`)
        );
      },
      { chatId: CHAT_ID, timeoutMs: 20_000, what: `a new plan from ${server}` },
    );
    const permissionId = idOf(sent) ?? 0;
    seen.add(permissionId);
    await stack.hubDelivered();
    return { permissionId, messageId: stack.messageIdOf(sent), sent };
  }

  /** Has the model write `plan` at `server` and ask to leave plan mode. */
  async function present(server: StackServer, plan: string) {
    planned += 1;
    const prompt = `plan ${planned} on ${server}`;
    const { exit } = stack.model.answerWithPlan(prompt, plan);
    const chatSince = stack.telegram.sentMessages(CHAT_ID).length;
    await claude[server].type(prompt);
    const message = await planMessage(server);
    const [call] = exit.answered;
    if (!call) throw new Error('the model was not asked to leave plan mode');
    return { server, call, chatSince, message };
  }

  /**
   * How Claude Code carried the answer back to the model, once the turn has ended (its Stop in
   * the chat): only then does the screen say which mode Claude is in.
   */
  async function outcome(presented: {
    server: StackServer;
    call: FakeModelRequest;
    chatSince: number;
  }) {
    const { result } = await stack.model.waitForToolResult(presented.call);
    await stack.notification(presented.server, {
      includes: result.is_error ? 'The tool was refused' : 'The tool said',
      since: presented.chatSince,
    });
    return { isError: result.is_error === true, text: toolResultText(result) };
  }

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('%s', (_where, server) => {
    it('Keep planning, then a reply: the plan goes back with the feedback, and Claude keeps planning', async () => {
      // Long enough to come as a document too.
      const steps = Array.from(
        { length: 120 },
        (_, i) => `${i + 1}. Rename the **label** in \`src/part-${i + 1}.tsx\``,
      );
      const plan = `# Rename the button\n\n## Steps\n${steps.join('\n')}\n\n## Check\nThe snapshot tests pass.\n`;
      const presented = await present(server, plan);
      const { permissionId, messageId } = presented.message;
      expect(stack.shown(messageId).text).toContain('Rename the button');
      expect(stack.shown(messageId).text).toContain('1. Rename the label in src/part-1.tsx');
      expect(stack.shown(messageId).text).toMatch(/… the whole plan is in \S+\.md, sent below/);
      // The whole plan follows as a document under its message, as a long reply's does.
      const document = await stack.telegram.waitForSentFile(
        (file) => file.replyToMessageId === messageId,
        { what: 'the whole plan as a document under its message' },
      );
      expect(document).toEqual(
        expect.objectContaining({
          method: 'sendDocument',
          fileName: expect.stringMatching(/\.md$/),
          contentType: 'text/markdown',
          caption: expect.stringMatching(new RegExp(`^📋 The whole plan · ${server}:\\d+ · `)),
        }),
      );
      expect(document.content.toString('utf8')).toBe(plan);

      expect(await stack.press(`plan:${permissionId}:keep`, messageId)).toBe(
        'Reply to the plan with what Claude should change',
      );
      expect(stack.shown(messageId).text).toContain(
        '✍️ Reply to this message with what Claude should change.',
      );
      const feedback = 'Also rename the icon, and keep the old label as an alias.';
      const reply = await stack.send(feedback, { replyToMessage: messageId });
      expect((await stack.answerTo(reply)).text).toBe(
        '✏️ Sent the plan back to Claude with your words: it keeps planning.',
      );

      const result = await outcome(presented);
      expect(result.isError).toBe(true);
      expect(result.text).toContain(feedback);
      expect(result.text).toContain(`sent back from Telegram by ${PRESSER}`);
      expect(await claude[server].waitForIdle()).toMatch(/plan mode on/);
      expect(stack.shown(messageId).text).toMatch(
        new RegExp(`✏️ Sent back to planning by ${PRESSER} at \\d\\d:\\d\\d UTC: ${feedback}$`),
      );
      expect(stack.shownButtonData(messageId)).toEqual([]);
      expect(await stack.press(`plan:${permissionId}:approve`, messageId)).toBe(
        `Already answered: Sent back to planning by ${PRESSER}`,
      );
    });

    it('Approve: Claude leaves plan mode', async () => {
      const plan =
        '# Rename the icon too\n\n1. Change the icon in `icon.tsx`\n2. Keep `old-label`\n';
      const presented = await present(server, plan);
      const { permissionId, messageId } = presented.message;
      expect(stack.shown(messageId).text).toContain(
        'Rename the icon too\n\n1. Change the icon in icon.tsx\n2. Keep old-label',
      );
      expect(stack.shownButtonData(messageId)).toEqual([
        `plan:${permissionId}:approve`,
        `plan:${permissionId}:keep`,
      ]);

      // While the plan waits, /sessions shows the session asking.
      const sessions = parseTelegramHtml((await stack.ask('/sessions')).text).text;
      expect(sessions).toMatch(
        new RegExp(`${server}:\\d+ · plans · token \\w+\\n\\s+🔐 asking since`),
      );

      expect(await stack.press(`plan:${permissionId}:approve`, messageId)).toBe(
        'Approved: Claude leaves plan mode',
      );
      const result = await outcome(presented);
      expect(result.isError).toBe(false);
      expect(result.text).toContain('User has approved your plan');
      const screen = await claude[server].waitForIdle();
      expect(screen).not.toMatch(/plan mode on/);
      expect(screen).toMatch(/manual mode on/);
      expect(stack.shown(messageId).text).toMatch(
        new RegExp(`✅ Approved by ${PRESSER} at \\d\\d:\\d\\d UTC: Claude leaves plan mode$`),
      );
      expect(stack.shownButtonData(messageId)).toEqual([]);
    });
  });
});
