import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isPermissionDialog,
  toolResultText,
  waitFor,
  type ClaudeCodePane,
  type FakeModelRequest,
  type SentMessageParams,
  type TelegramUser,
} from '@ccr/testing';
import { BotStack, CHAT_ID, type ChatNotification, type StackServer } from './support/bot-stack';

/** How the fake Bot API names the user of CHAT_ID, as hub-bot records who pressed. */
const PRESSER = '@test_user';
/** A chat hub-bot was not set up for. */
const STRANGER_CHAT = 9_000_001;

/** The request's message in the chat, and the permission id its buttons carry. */
interface RequestMessage {
  permissionId: number;
  messageId: number;
  sent: SentMessageParams;
}

/** A tool call Claude Code asks permission for: the file it makes, and its request for it. */
interface AskedTool {
  server: StackServer;
  file: string;
  command: string;
  /** Messages in the chat before the tool was asked for. */
  chatSince: number;
  /** The model request the fake answered with the tool call. */
  call: FakeModelRequest;
  message: RequestMessage;
}

describe('hub-bot: remote approvals of the real Claude Code, and notification buttons', () => {
  const stack = new BotStack({ remote: true });
  const claude = {} as Record<StackServer, ClaudeCodePane>;
  const seenPermissions = new Set<number>();
  let asked = 0;

  beforeAll(async () => {
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: 'approvals' }),
      stack.startClaude('remote', { project: 'approvals' }),
    ]);
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  afterEach(async () => {
    stack.model.resetAnswers();
    await stack.settleClaudes();
  });

  /** Waits for a new request message from `serverId` with its buttons, delivered and recorded. */
  async function requestMessage(serverId: string): Promise<RequestMessage> {
    const permissionOf = (message: SentMessageParams): number | undefined => {
      const markup = message.reply_markup as
        { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined;
      const data = markup?.inline_keyboard?.flat()[0]?.callback_data ?? '';
      const id = /^perm:(\d+):allow$/.exec(data)?.[1];
      return id === undefined ? undefined : Number(id);
    };
    const sent = await stack.telegram.waitForSentMessage(
      (message) => {
        const id = permissionOf(message);
        return (
          id !== undefined &&
          !seenPermissions.has(id) &&
          message.text.includes(`[${serverId.toUpperCase()}] Claude Asks Permission`)
        );
      },
      { chatId: CHAT_ID, timeoutMs: 20_000, what: `a new permission request from ${serverId}` },
    );
    const permissionId = permissionOf(sent) ?? 0;
    seenPermissions.add(permissionId);
    // A press is only routed once hub-api has written down the message id it got.
    await stack.hubDelivered();
    return { permissionId, messageId: stack.messageIdOf(sent), sent };
  }

  /**
   * Has the model answer a prompt typed at `server`'s terminal with a Bash call that makes a
   * file, and resolves once the permission request for it is in the chat.
   */
  async function askToMakeFile(server: StackServer): Promise<AskedTool> {
    asked += 1;
    const file = join(claude[server].cwd, `made-${asked}`);
    const command = `touch ${file}`;
    const prompt = `make file ${asked} on ${server}`;
    stack.model.answer(prompt, {
      kind: 'tool_use',
      name: 'Bash',
      input: { command, description: 'Make the file' },
    });
    const since = stack.model.requests().length;
    const chatSince = stack.telegram.sentMessages(CHAT_ID).length;
    await claude[server].type(prompt);
    const call = await stack.model.waitForRequest(prompt, { since });
    return { server, file, command, chatSince, call, message: await requestMessage(server) };
  }

  /**
   * The tool's result, as Claude Code carried it back to the model, once the turn has ended
   * (its Stop is in the chat). The screen is no guide: for a moment after the dialog closes it
   * shows an empty prompt box while the turn still runs, and a prompt typed then loses keys.
   */
  async function toolResult(tool: AskedTool): Promise<{ isError: boolean; text: string }> {
    const { result } = await stack.model.waitForToolResult(tool.call);
    await stack.notification(tool.server, { includes: 'The tool', since: tool.chatSince });
    return { isError: result.is_error === true, text: toolResultText(result) };
  }

  /** Presses a button, as the chat's user unless `from` says otherwise (see BotStack.press). */
  const press = (
    data: string,
    messageId?: number,
    options: { chatId?: number; from?: TelegramUser } = {},
  ): Promise<string> => stack.press(data, messageId, options);

  /** The message as the chat shows it now. */
  function shown(messageId: number) {
    const message = stack.telegram.message(CHAT_ID, messageId);
    if (!message) throw new Error(`message ${messageId} is not in the chat`);
    return message;
  }

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('Allow, Allow for session and Deny, %s', (_where, server) => {
    it.each([
      {
        button: 'allow',
        answer: 'Allowed',
        line: /✅ Allowed by @test_user at \d\d:\d\d UTC$/,
        runs: true,
        words: 'Allowed',
      },
      {
        button: 'allow-session',
        answer: 'Allowed for this session',
        line: /✅ Allowed for this session by @test_user at \d\d:\d\d UTC$/,
        runs: true,
        words: 'Allowed for this session',
      },
      {
        button: 'deny',
        answer: 'Denied',
        line: /⛔ Denied by @test_user at \d\d:\d\d UTC$/,
        runs: false,
        words: 'Denied',
      },
    ])(
      '$button: Claude runs the tool only when allowed, the message shows who answered and when, later presses change nothing',
      async ({ button, answer, line, runs, words }) => {
        const tool = await askToMakeFile(server);
        const { permissionId, messageId, sent } = tool.message;
        expect(sent.text).toContain(tool.command);
        expect(shown(messageId).reply_markup).toBeDefined();
        expect(existsSync(tool.file)).toBe(false);

        expect(await press(`perm:${permissionId}:${button}`, messageId)).toBe(answer);
        const result = await toolResult(tool);
        expect(result.isError).toBe(!runs);
        expect(existsSync(tool.file)).toBe(runs);
        if (!runs) expect(result.text).toContain(`Denied from Telegram by ${PRESSER}.`);

        const edited = shown(messageId);
        expect(edited.text).toMatch(line);
        expect(edited.text).toContain(tool.command);
        expect(edited.text).not.toContain('Answer within');
        expect(edited.reply_markup).toBeUndefined();
        const edits = stack.telegram.calls('editMessageText').length;

        // The same button again, another button, another person: each hears who answered first.
        const already = `Already answered: ${words} by ${PRESSER}`;
        expect(await press(`perm:${permissionId}:${button}`, messageId)).toBe(already);
        expect(await press(`perm:${permissionId}:deny`, messageId)).toBe(already);
        const other: TelegramUser = { id: 31337, is_bot: false, first_name: 'Other' };
        expect(await press(`perm:${permissionId}:allow`, messageId, { from: other })).toBe(already);
        expect(stack.telegram.calls('editMessageText')).toHaveLength(edits);
        expect(shown(messageId).text).toBe(edited.text);
      },
    );
  });

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('answered in the terminal, %s', (_where, server) => {
    it("the chat's message says so, without buttons, and a press then changes nothing", async () => {
      const tool = await askToMakeFile(server);
      const { permissionId, messageId } = tool.message;
      // Claude's next answer streams on, so that no Stop closes the request: only the waiting
      // hook, watching the transcript, can tell the hub the terminal answered.
      const toolUseId = tool.call.toolUseId;
      stack.model.answer(
        (request) => request.toolResults.some((result) => result.tool_use_id === toolUseId),
        { kind: 'slow', chunk: 'going on ', intervalMs: 50 },
        { times: 1 },
      );
      await claude[server].waitForScreen(isPermissionDialog, { what: 'the terminal dialog' });
      await claude[server].answerDialog('Enter');

      const { request: next, result } = await stack.model.waitForToolResult(tool.call);
      expect(result.is_error).toBeFalsy();
      expect(existsSync(tool.file)).toBe(true);
      const edited = await stack.waitForShown(
        messageId,
        (message) => message.reply_markup === undefined,
        'the request edited without buttons',
      );
      expect(edited.text).toContain(tool.command);
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
                line['permissionId'] === permissionId,
            ),
        { what: "hub-api's log line about the hook's report of the terminal's answer" },
      );
      expect(report['msg']).toBe('permission request answered in the terminal');
      expect(await press(`perm:${permissionId}:deny`, messageId)).toBe(
        'Already answered: Answered on the server',
      );
      expect(shown(messageId).text).toBe(edited.text);
      // Claude is still at its answer; Escape ends the turn, as at the terminal.
      await claude[server].press('Escape');
      expect(await stack.model.waitForAnswerEnd(next)).toBe('closed-early');
    });
  });

  it('nobody presses in time: the message says expired, Claude asks in the terminal, a late press says so', async () => {
    await claude.local.installHooks({ ...stack.hooksFor('local'), permissionTimeoutSeconds: 2 });
    try {
      const tool = await askToMakeFile('local');
      const { permissionId, messageId } = tool.message;
      const expired = await waitFor(
        () => {
          const message = shown(messageId);
          return message.reply_markup === undefined ? message : undefined;
        },
        { timeoutMs: 15_000, what: 'hub-api to edit the expired request' },
      );
      expect(expired.text).toContain('⌛ Timed out: nobody answered in time');
      expect(await press(`perm:${permissionId}:allow`, messageId)).toBe(
        'Timed out: Claude asks on the server now',
      );
      expect(shown(messageId).text).toBe(expired.text);
      expect(existsSync(tool.file)).toBe(false);
      // The terminal's own dialog decides now.
      await claude.local.waitForScreen(isPermissionDialog, { what: 'the terminal dialog' });
      await claude.local.answerDialog('Enter');
      expect((await toolResult(tool)).isError).toBe(false);
      expect(existsSync(tool.file)).toBe(true);
    } finally {
      await claude.local.installHooks(stack.hooksFor('local'));
    }
  });

  it('hub down: the hook gives up at once and Claude asks in the terminal', async () => {
    const messages = stack.telegram.sentMessages(CHAT_ID).length;
    await stack.stopHub();
    try {
      asked += 1;
      const file = join(claude.local.cwd, `made-${asked}`);
      const prompt = `make file ${asked} while the hub is down`;
      stack.model.answer(prompt, {
        kind: 'tool_use',
        name: 'Bash',
        input: { command: `touch ${file}`, description: 'Make the file' },
      });
      const since = stack.model.requests().length;
      await claude.local.type(prompt);
      const call = await stack.model.waitForRequest(prompt, { since });
      await claude.local.waitForScreen(isPermissionDialog, { what: 'the terminal dialog' });
      await claude.local.answerDialog('Enter');
      const { result } = await stack.model.waitForToolResult(call);
      expect(result.is_error).toBe(false);
      expect(existsSync(file)).toBe(true);
      await claude.local.waitForIdle();
      // The turn's Stop hook ran once its event is in the spool (Claude does not wait for it).
      const spooledEvent = (name: string): unknown =>
        (JSON.parse(readFileSync(join(claude.local.spoolDir, name), 'utf8')) as { event?: unknown })
          .event;
      await waitFor(() => claude.local.spooled().some((name) => spooledEvent(name) === 'Stop'), {
        what: "the turn's Stop in the spool",
      });
    } finally {
      await stack.startHub();
    }
    const asks = stack.telegram
      .sentMessages(CHAT_ID)
      .slice(messages)
      .filter((message) => message.text.includes('Claude Asks Permission'));
    expect(asks).toEqual([]);
    // What the hub missed is delivered now, as `remote-hook flush` would after an outage, so
    // that it does not arrive in the middle of the next test's request.
    expect(await claude.local.remoteHook(['flush'])).toMatchObject({ code: 0 });
    expect(claude.local.spooled()).toEqual([]);
  });

  it('a press from a chat that is not allowed is refused and decides nothing; the real press then does', async () => {
    const tool = await askToMakeFile('local');
    const { permissionId, messageId } = tool.message;

    const refusal = await press(`perm:${permissionId}:allow`, undefined, {
      chatId: STRANGER_CHAT,
    });
    expect(refusal).toContain('only in the chats it was set up for');
    expect(refusal).toContain(String(STRANGER_CHAT));
    // The log line is written when the update is done and reaches this process through a pipe.
    const refused = await waitFor(
      () =>
        stack
          .botLog()
          .find((line) => line['msg'] === 'update' && line['chat_id'] === String(STRANGER_CHAT)),
      { what: "the refused press's log line" },
    );
    expect(refused).toMatchObject({
      kind: 'button',
      outcome: 'refused',
      error_code: 'CHAT_NOT_ALLOWED',
    });
    expect(shown(messageId).reply_markup).toBeDefined();
    const results = stack.model.requests().flatMap((r) => r.toolResults);
    expect(results.filter((t) => t.tool_use_id === tool.call.toolUseId)).toEqual([]);
    await claude.local.waitForScreen(isPermissionDialog, {
      what: 'the terminal dialog, still open',
    });

    expect(await press(`perm:${permissionId}:deny`, messageId)).toBe('Denied');
    const result = await toolResult(tool);
    expect(result).toMatchObject({ isError: true });
    expect(result.text).toContain(`Denied from Telegram by ${PRESSER}.`);
    expect(existsSync(tool.file)).toBe(false);
  });

  it('two requests from two servers, answered out of order: each Claude gets its own answer', async () => {
    const local = await askToMakeFile('local');
    const remote = await askToMakeFile('remote');

    expect(await press(`perm:${remote.message.permissionId}:deny`, remote.message.messageId)).toBe(
      'Denied',
    );
    expect(await press(`perm:${local.message.permissionId}:allow`, local.message.messageId)).toBe(
      'Allowed',
    );
    const [localResult, remoteResult] = await Promise.all([toolResult(local), toolResult(remote)]);
    expect(localResult.isError).toBe(false);
    expect(remoteResult.isError).toBe(true);
    expect(existsSync(local.file)).toBe(true);
    expect(existsSync(remote.file)).toBe(false);
    expect(shown(local.message.messageId).text).toMatch(
      /✅ Allowed by @test_user at \d\d:\d\d UTC$/,
    );
    expect(shown(remote.message.messageId).text).toMatch(
      /⛔ Denied by @test_user at \d\d:\d\d UTC$/,
    );
  });

  it('a button naming a request that does not exist says it is gone', async () => {
    expect(await press('perm:999999:allow')).toBe('This request is gone');
    expect(await press('perm:nonsense')).toBe('This button is no longer valid');
  });

  describe('Output and Esc under a notification', () => {
    let notified: ChatNotification;
    let buttons: string[];

    beforeAll(async () => {
      notified = await stack.firstTurn(claude.local, 'local', 'show me the buttons');
      const markup = shown(notified.messageId).reply_markup;
      buttons = (markup?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');
    }, 60_000);

    /** hub-bot's messages under the notification (replies to it) that `predicate` accepts. */
    function answerUnder(predicate: (text: string) => boolean, what: string) {
      return stack.telegram.waitForSentMessage(
        (message) => {
          const reply = message['reply_parameters'] as { message_id?: number } | undefined;
          return reply?.message_id === notified.messageId && predicate(message.text);
        },
        { chatId: CHAT_ID, timeoutMs: 15_000, what },
      );
    }

    it('carries Output and Esc for its session', () => {
      expect(buttons).toEqual([
        expect.stringMatching(/^out:\d+$/),
        expect.stringMatching(/^esc:\d+$/),
      ]);
      expect(buttons[0]?.slice(4)).toBe(buttons[1]?.slice(4));
    });

    it("Output sends Claude's screen as a new message, as /output does", async () => {
      expect(await press(buttons[0] ?? '', notified.messageId)).toBe(
        `Output of ${notified.name} below`,
      );
      const output = await answerUnder((text) => text.startsWith('🖥'), 'the Output button answer');
      expect(output.text).toContain(`🖥 <code>${notified.name}</code> · approvals · last 40 lines`);
      expect(output.text).toContain('You said: show me the buttons');
      expect(output.parse_mode).toBe('HTML');
    });

    it('Esc interrupts an answer still streaming, and answers as /esc does', async () => {
      const prompt = 'stream until Esc is pressed';
      stack.model.answer(prompt, { kind: 'slow', chunk: 'on and on ', intervalMs: 50 });
      const since = stack.model.requests().length;
      await stack.ask(`/cmd ${notified.name} ${prompt}`);
      const request = await stack.model.waitForRequest(prompt, { since });
      await claude.local.waitForScreen(/on and on on and on/, { what: 'the answer streaming' });

      expect(await press(buttons[1] ?? '', notified.messageId)).toBe(
        `Pressed Escape in ${notified.name}`,
      );
      expect(await stack.model.waitForAnswerEnd(request)).toBe('closed-early');
      const answer = await answerUnder((text) => text.startsWith('⎋'), 'the Esc button answer');
      expect(answer.text).toBe(
        `⎋ Pressed Escape in <code>${notified.name}</code> · approvals: Claude stops what it was doing.`,
      );
    });

    it('a button naming a session that is not there says so, and types nothing', async () => {
      const since = stack.model.requests().length;
      expect(await press('esc:999999', notified.messageId)).toBe(
        'That did not work: see the answer below',
      );
      const answer = await answerUnder(
        (text) => text.includes('gone from the hub'),
        'the answer about a session that is gone',
      );
      expect(answer.text).toContain('/sessions lists live ones');
      expect(stack.model.requests().length).toBe(since);
    });
  });
});
