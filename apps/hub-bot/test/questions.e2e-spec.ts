import type { AskedQuestion } from '@ccr/protocol';
import {
  parseTelegramHtml,
  toolResultText,
  waitFor,
  type ClaudeCodePane,
  type FakeModelRequest,
  type SentMessageParams,
} from '@ccr/testing';
import { BotStack, CHAT_ID, type StackServer } from './support/bot-stack';

/** The chat's user, as the fake Bot API names them and hub-bot records who answered. */
const PRESSER = '@test_user';
/** A chat hub-bot was not set up for. */
const STRANGER_CHAT = 9_000_001;

const COLOUR: AskedQuestion = {
  question: 'Which colour should the button be?',
  header: 'Colour',
  options: [
    { label: 'Red', description: 'the warm one' },
    { label: 'Blue', description: 'the cool one' },
  ],
  multiSelect: false,
};

const SIZES: AskedQuestion = {
  question: 'Which sizes should it come in?',
  header: 'Sizes',
  options: [
    { label: 'Small', description: 'for phones' },
    { label: 'Medium', description: '' },
    { label: 'Large', description: 'for <wide> screens & TVs' },
  ],
  multiSelect: true,
};

/** One question's message in the chat, and the request its buttons answer. */
interface QuestionMessage {
  permissionId: number;
  messageId: number;
  sent: SentMessageParams;
}

describe("hub-bot: Claude's questions answered from the chat (the real Claude Code)", () => {
  const stack = new BotStack({ remote: true });
  const claude = {} as Record<StackServer, ClaudeCodePane>;
  const seen = new Set<number>();
  let asked = 0;

  beforeAll(async () => {
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: 'questions' }),
      stack.startClaude('remote', { project: 'questions' }),
    ]);
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(async () => {
    stack.model.resetAnswers();
    await stack.settleClaudes();
  });

  /** Waits for the request's `count` question messages from `server`, in order. */
  async function questionMessages(server: StackServer, count: number): Promise<QuestionMessage[]> {
    const idOf = (message: SentMessageParams): number | undefined => {
      const markup = message.reply_markup as
        { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
      const data = markup?.inline_keyboard?.flat()[0]?.callback_data ?? '';
      const id = /^q:(\d+):\d+:0$/.exec(data)?.[1];
      return id === undefined ? undefined : Number(id);
    };
    const title = `[${server.toUpperCase()}] Claude Asks</b>`;
    const found = await stack.telegram.waitForSentMessage(
      (message) => {
        const id = idOf(message);
        return id !== undefined && !seen.has(id) && message.text.includes(title);
      },
      { chatId: CHAT_ID, timeoutMs: 20_000, what: `a new question from ${server}` },
    );
    const permissionId = idOf(found) ?? 0;
    seen.add(permissionId);
    const messages = await waitForParts(permissionId, count);
    // A press is only routed once hub-api has written down the message ids it got.
    await stack.hubDelivered();
    return messages;
  }

  async function waitForParts(permissionId: number, count: number): Promise<QuestionMessage[]> {
    const parts: QuestionMessage[] = [];
    for (let index = 0; index < count; index += 1) {
      const sent = await stack.telegram.waitForSentMessage(
        (message) =>
          JSON.stringify(message.reply_markup ?? '').includes(`"q:${permissionId}:${index}:0"`),
        {
          chatId: CHAT_ID,
          timeoutMs: 20_000,
          what: `question ${index + 1} of request ${permissionId}`,
        },
      );
      parts.push({ permissionId, messageId: stack.messageIdOf(sent), sent });
    }
    return parts;
  }

  /** A question the model asked, and where its turn's end will show. */
  interface Asked {
    server: StackServer;
    call: FakeModelRequest;
    messages: QuestionMessage[];
    /** Messages in the chat before the question was asked. */
    chatSince: number;
  }

  /** Has the model ask `questions` at `server`'s terminal; resolves the call and its messages. */
  async function ask(server: StackServer, questions: AskedQuestion[]): Promise<Asked> {
    asked += 1;
    const prompt = `question ${asked} on ${server}`;
    stack.model.answer(prompt, {
      kind: 'tool_use',
      name: 'AskUserQuestion',
      input: { questions },
    });
    const since = stack.model.requests().length;
    const chatSince = stack.telegram.sentMessages(CHAT_ID).length;
    await claude[server].type(prompt);
    const call = await stack.model.waitForRequest(prompt, { since });
    return { server, call, chatSince, messages: await questionMessages(server, questions.length) };
  }

  /**
   * What Claude Code carried back to the model as the questions' answers, once the turn has
   * ended (its Stop is in the chat). The screen is no guide: for a moment after the dialog
   * closes it shows an empty prompt box while the turn still runs.
   */
  async function answered(question: Asked): Promise<string> {
    const { result } = await stack.model.waitForToolResult(question.call);
    expect(result.is_error).toBeFalsy();
    await stack.notification(question.server, {
      includes: 'The tool said',
      since: question.chatSince,
    });
    return toolResultText(result);
  }

  /** A message's text as the chat shows it (the fake keeps it as Telegram does: tags gone). */
  const text = (messageId: number) => stack.shown(messageId).text ?? '';

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('%s', (_where, server) => {
    it('a single choice: one press answers it, and Claude gets that option', async () => {
      const question = await ask(server, [COLOUR]);
      const [message] = question.messages as [QuestionMessage];
      expect(parseTelegramHtml(message.sent.text).text).toContain(
        'Colour\nWhich colour should the button be?\n\n1. Red: the warm one\n2. Blue: the cool one',
      );
      const id = message.permissionId;
      expect(stack.shownButtonData(message.messageId)).toEqual([
        `q:${id}:0:0`,
        `q:${id}:0:1`,
        `q:${id}:0:other`,
      ]);

      // While the question waits, /sessions shows the session asking.
      const sessions = parseTelegramHtml((await stack.ask('/sessions')).text).text;
      expect(sessions).toMatch(
        new RegExp(`${server}:\\d+ · questions · token \\w+\\n\\s+🔐 asking since`),
      );

      // From a chat hub-bot was not set up for: refused, and nothing is decided.
      const refusal = await stack.press(`q:${id}:0:0`, undefined, { chatId: STRANGER_CHAT });
      expect(refusal).toContain('only in the chats it was set up for');
      expect(stack.shownButtonData(message.messageId)).toHaveLength(3);

      expect(await stack.press(`q:${id}:0:1`, message.messageId)).toBe('Answered: Blue');
      const said = await answered(question);
      expect(said).toContain('Which colour should the button be?');
      expect(said).toContain('Blue');
      expect(said).not.toContain('Red');
      expect(text(message.messageId)).toMatch(
        new RegExp(`✅ Blue · answered by ${PRESSER} at \\d\\d:\\d\\d UTC$`),
      );
      expect(stack.shownButtonData(message.messageId)).toEqual([]);
      // Later presses change nothing and say so.
      expect(await stack.press(`q:${id}:0:0`, message.messageId)).toBe(
        `Already answered: Answered by ${PRESSER}`,
      );
    });

    it('a multiple choice next to a single one: options toggle, Done answers, Claude gets every label', async () => {
      const question = await ask(server, [COLOUR, SIZES]);
      const [colour, sizes] = question.messages as [QuestionMessage, QuestionMessage];
      const id = colour.permissionId;
      expect(parseTelegramHtml(sizes.sent.text).text).toContain(
        '3. Large: for <wide> screens & TVs\n\nChoose any, then press Done.',
      );

      expect(await stack.press(`q:${id}:1:0`, sizes.messageId)).toBe(
        'Chosen; press Done when it is all chosen',
      );
      await stack.press(`q:${id}:1:2`, sizes.messageId);
      await stack.press(`q:${id}:1:0`, sizes.messageId);
      await stack.press(`q:${id}:1:1`, sizes.messageId);
      expect(
        stack
          .shown(sizes.messageId)
          .reply_markup?.inline_keyboard.flat()
          .map((b) => b.text),
      ).toEqual(['☐ Small', '☑ Medium', '☑ Large', '✍️ Other…', '✔️ Done']);
      expect(await stack.press(`q:${id}:1:done`, sizes.messageId)).toBe('Answered: Medium, Large');
      // One question answered, one to go: Claude still waits.
      expect(text(sizes.messageId)).toContain('Waiting for the answers to the other questions');
      expect(await stack.press(`q:${id}:0:0`, colour.messageId)).toBe('Answered: Red');

      const said = await answered(question);
      expect(said).toContain('Red');
      expect(said).toContain('Medium, Large');
      expect(said).not.toContain('Small');
      expect(text(sizes.messageId)).toMatch(/✅ Medium, Large · answered by @test_user at/);
    });

    it('"Other…": the reply to the question is the answer, in the words written', async () => {
      const question = await ask(server, [COLOUR]);
      const [message] = question.messages as [QuestionMessage];
      const id = message.permissionId;
      expect(await stack.press(`q:${id}:0:other`, message.messageId)).toBe(
        'Reply to the question with your own answer',
      );
      expect(text(message.messageId)).toContain('✍️ Reply to this message with your own answer.');

      const words = `Green, with a "thin" <border> & no $(shadow)`;
      const reply = await stack.send(words, { replyToMessage: message.messageId });
      const answer = await stack.answerTo(reply);
      expect(parseTelegramHtml(answer.text).text).toBe(`✅ Your answer to Colour: ${words}.`);
      const said = await answered(question);
      expect(said).toContain(words);
      expect(text(message.messageId)).toContain(`✅ ${words} · answered by ${PRESSER}`);
    });
  });

  it('a question answered in the terminal: its message says so and a press then changes nothing', async () => {
    const question = await ask('local', [COLOUR]);
    const [message] = question.messages as [QuestionMessage];
    // Claude's next answer streams on, so that no Stop closes the request: only the waiting
    // hook, watching the transcript, can tell the hub the terminal answered.
    const toolUseId = question.call.toolUseId;
    stack.model.answer(
      (request) => request.toolResults.some((result) => result.tool_use_id === toolUseId),
      { kind: 'slow', chunk: 'going on ', intervalMs: 50 },
      { times: 1 },
    );
    // The terminal's dialog: its first option, Red.
    await claude.local.answerDialog('Enter');
    const { request: next, result } = await stack.model.waitForToolResult(question.call);
    expect(toolResultText(result)).toContain('Red');
    const edited = await stack.waitForShown(
      message.messageId,
      (shown) => shown.reply_markup === undefined,
      'the question edited without buttons',
    );
    expect(edited.text).toMatch(/💻 Answered on the server$/);
    expect(next.state).toBe('answering');
    // The hook's report is what closed it (the log line reaches this process through a pipe).
    const report = await waitFor(
      () =>
        stack
          .hubLog()
          .find(
            (line) =>
              String(line['msg']).startsWith('permission request answered in the terminal') &&
              line['permissionId'] === message.permissionId,
          ),
      { what: "hub-api's log line about the hook's report of the terminal's answer" },
    );
    expect(report['msg']).toBe('permission request answered in the terminal');
    expect(report).toMatchObject({ status: 'answered-on-server' });
    expect(await stack.press(`q:${message.permissionId}:0:1`, message.messageId)).toBe(
      'Already answered: Answered on the server',
    );
    // Claude is still at its answer; Escape ends the turn, as at the terminal.
    await claude.local.press('Escape');
    expect(await stack.model.waitForAnswerEnd(next)).toBe('closed-early');
  });
});
