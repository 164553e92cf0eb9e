import {
  REMOTE_HOOK_MAIN,
  claudeHookFixture,
  cleanEnv,
  freePort,
  runNode,
  waitFor,
  type RunNodeResult,
  type SentMessageParams,
  type StandInPane,
  type TelegramUser,
} from '@ccr/testing';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BotStack, CHAT_ID, SECRET, type NotifiedSession } from './support/bot-stack';

/** What Claude Code writes on the PermissionRequest hook's stdin. */
const FIXTURE = claudeHookFixture('permission-request.json');
const SUGGESTION = (FIXTURE.json['permission_suggestions'] as Array<Record<string, unknown>>)[0];
/** How the fake Bot API names the user of CHAT_ID, as hub-bot records who pressed. */
const PRESSER = '@test_user';
/** A chat hub-bot was not set up for. */
const STRANGER_CHAT = 9_000_001;
/** Bounds a CLI that waits for a press which never comes: the test fails instead of hanging. */
const CLI_WAIT_SECONDS = 30;

function hookOutput(decision: Record<string, unknown>): string {
  return `${JSON.stringify({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } })}\n`;
}

/** The request's message in the chat, and the permission id its buttons carry. */
interface RequestMessage {
  permissionId: number;
  messageId: number;
  sent: SentMessageParams;
}

/** A `permission-request` run of the built CLI, as Claude Code starts it. */
interface HookRun {
  result: Promise<RunNodeResult>;
  /** True once the CLI has exited. */
  readonly settled: boolean;
}

describe('hub-bot: remote approvals and notification buttons, end to end', () => {
  const stack = new BotStack();
  const seenPermissions = new Set<number>();
  let hookHome: string;

  beforeAll(async () => {
    await stack.start();
    hookHome = join(stack.dir, 'hook-home');
    await mkdir(hookHome, { recursive: true });
  }, 120_000);

  afterAll(() => stack.stop(), 60_000);

  /** Runs `remote-hook permission-request` with the fixture on stdin, against the stack's hub. */
  function askPermission(serverId: string, env: Record<string, string> = {}): HookRun {
    let settled = false;
    const result = runNode(REMOTE_HOOK_MAIN, ['permission-request'], {
      stdin: FIXTURE.text,
      cwd: hookHome,
      timeoutMs: (CLI_WAIT_SECONDS + 15) * 1000,
      env: cleanEnv({
        HOME: hookHome,
        XDG_CONFIG_HOME: join(hookHome, 'config'),
        XDG_STATE_HOME: join(hookHome, 'state'),
        SERVER_ID: serverId,
        CENTRAL_HUB_ENDPOINT: `${stack.hub?.url ?? ''}/notify`,
        SHARED_SECRET: SECRET,
        PERMISSION_TIMEOUT: String(CLI_WAIT_SECONDS),
        ...env,
      }),
    }).finally(() => {
      settled = true;
    });
    return {
      result,
      get settled() {
        return settled;
      },
    };
  }

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
      { chatId: CHAT_ID, timeoutMs: 15_000, what: `a new permission request from ${serverId}` },
    );
    const permissionId = permissionOf(sent) ?? 0;
    seenPermissions.add(permissionId);
    // A press is only routed once hub-api has written down the message id it got.
    await stack.hubDelivered();
    return { permissionId, messageId: stack.messageIdOf(sent), sent };
  }

  /**
   * Presses a button: a callback query with `data` under message `messageId` of CHAT_ID (or
   * in another chat), from the chat's user unless `from` says otherwise. Resolves with the text
   * hub-bot answered the press with.
   */
  async function press(
    data: string,
    messageId?: number,
    options: { chatId?: number; from?: TelegramUser } = {},
  ): Promise<string> {
    const update = stack.telegram.callbackQueryUpdate(options.chatId ?? CHAT_ID, data, messageId);
    if (options.from && update.callback_query) update.callback_query.from = options.from;
    const queued = stack.telegram.queueUpdate(update);
    const queryId = queued.callback_query?.id;
    const answer = await waitFor(
      () =>
        stack.telegram
          .calls('answerCallbackQuery')
          .find((call) => call.params['callback_query_id'] === queryId),
      { timeoutMs: 20_000, what: `hub-bot's answer to the press ${data}` },
    );
    expect(answer.failed).toBeFalsy();
    return String(answer.params['text'] ?? '');
  }

  /** The message as the chat shows it now. */
  function shown(messageId: number) {
    const message = stack.telegram.message(CHAT_ID, messageId);
    if (!message) throw new Error(`message ${messageId} is not in the chat`);
    return message;
  }

  describe('Allow, Allow for session and Deny reach the waiting CLI', () => {
    it.each([
      {
        button: 'allow',
        answer: 'Allowed',
        line: /✅ Allowed by @test_user at \d\d:\d\d UTC$/,
        printed: hookOutput({ behavior: 'allow' }),
        words: 'Allowed',
      },
      {
        button: 'allow-session',
        answer: 'Allowed for this session',
        line: /✅ Allowed for this session by @test_user at \d\d:\d\d UTC$/,
        printed: hookOutput({
          behavior: 'allow',
          updatedPermissions: [{ ...SUGGESTION, destination: 'session' }],
        }),
        words: 'Allowed for this session',
      },
      {
        button: 'deny',
        answer: 'Denied',
        line: /⛔ Denied by @test_user at \d\d:\d\d UTC$/,
        printed: hookOutput({ behavior: 'deny', message: `Denied from Telegram by ${PRESSER}.` }),
        words: 'Denied',
      },
    ])(
      '$button: the CLI prints the decision, the message shows who answered and when, and later presses change nothing',
      async ({ button, answer, line, printed, words }) => {
        const run = askPermission('local');
        const { permissionId, messageId, sent } = await requestMessage('local');
        expect(sent.text).toContain('rm -rf node_modules &amp;&amp; npm install');
        expect(shown(messageId).reply_markup).toBeDefined();

        expect(await press(`perm:${permissionId}:${button}`, messageId)).toBe(answer);
        const done = await run.result;
        expect(done).toMatchObject({ code: 0, timedOut: false });
        expect(done.stdout).toBe(printed);

        const edited = shown(messageId);
        expect(edited.text).toMatch(line);
        expect(edited.text).toContain('rm -rf node_modules && npm install');
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

  it('nobody presses in time: the CLI prints nothing, the message says expired, a late press says so', async () => {
    const run = askPermission('local', { PERMISSION_TIMEOUT: '2' });
    const { permissionId, messageId } = await requestMessage('local');
    const done = await run.result;
    expect(done).toMatchObject({ code: 0, timedOut: false, stdout: '' });

    const expired = await waitFor(
      () => {
        const message = shown(messageId);
        return message.reply_markup === undefined ? message : undefined;
      },
      { timeoutMs: 10_000, what: 'hub-api to edit the expired request' },
    );
    expect(expired.text).toContain('⌛ Expired: nobody answered in time');
    expect(await press(`perm:${permissionId}:allow`, messageId)).toBe(
      'Expired: Claude asks on the server now',
    );
    expect(shown(messageId).text).toBe(expired.text);
  });

  it('hub down: the CLI prints nothing and exits 0, so that Claude asks in the terminal', async () => {
    const run = askPermission('local', {
      CENTRAL_HUB_ENDPOINT: `http://127.0.0.1:${await freePort()}/notify`,
    });
    const done = await run.result;
    expect(done).toMatchObject({ code: 0, timedOut: false, stdout: '' });
    expect(done.stderr).toContain('hub not reached');
  });

  it('a press from a chat that is not allowed is refused and decides nothing; the real press then does', async () => {
    const run = askPermission('local');
    const { permissionId, messageId } = await requestMessage('local');

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
    expect(run.settled).toBe(false);
    expect(shown(messageId).reply_markup).toBeDefined();

    expect(await press(`perm:${permissionId}:deny`, messageId)).toBe('Denied');
    const done = await run.result;
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(
      hookOutput({ behavior: 'deny', message: `Denied from Telegram by ${PRESSER}.` }),
    );
  });

  it('two requests from two servers, answered out of order: each CLI prints its own decision', async () => {
    const first = askPermission('local');
    const one = await requestMessage('local');
    const second = askPermission('kr5');
    const two = await requestMessage('kr5');

    expect(await press(`perm:${two.permissionId}:deny`, two.messageId)).toBe('Denied');
    expect(await press(`perm:${one.permissionId}:allow`, one.messageId)).toBe('Allowed');
    const [doneOne, doneTwo] = await Promise.all([first.result, second.result]);
    expect(doneOne.stdout).toBe(hookOutput({ behavior: 'allow' }));
    expect(doneTwo.stdout).toBe(
      hookOutput({ behavior: 'deny', message: `Denied from Telegram by ${PRESSER}.` }),
    );
    expect(shown(one.messageId).text).toMatch(/✅ Allowed by @test_user at \d\d:\d\d UTC$/);
    expect(shown(two.messageId).text).toMatch(/⛔ Denied by @test_user at \d\d:\d\d UTC$/);
  });

  it('a button naming a request that does not exist says it is gone', async () => {
    expect(await press('perm:999999:allow')).toBe('This request is gone');
    expect(await press('perm:nonsense')).toBe('This button is no longer valid');
  });

  describe('Output and Esc under a notification', () => {
    let pane: StandInPane;
    let notified: NotifiedSession;
    let buttons: string[];

    beforeAll(async () => {
      pane = await stack.local.startStandIn();
      notified = await stack.notify({
        serverId: 'local',
        pane,
        type: 'completed',
        project: 'buttons',
      });
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

    it("Output sends the pane's last lines as a new message, as /output does", async () => {
      const before = pane.events().length;
      await stack.ask(`/cmd ${notified.name} shown by the Output button`);
      await pane.waitForEvents(before + 1);

      expect(await press(buttons[0] ?? '', notified.messageId)).toBe(
        `Output of ${notified.name} below`,
      );
      const output = await answerUnder((text) => text.startsWith('🖥'), 'the Output button answer');
      expect(output.text).toContain(`🖥 <code>${notified.name}</code> · buttons · last 40 lines`);
      expect(output.text).toContain('shown by the Output button');
      expect(output.parse_mode).toBe('HTML');
    });

    it('Esc presses Escape in the pane, and answers as /esc does', async () => {
      const before = pane.events().length;
      expect(await press(buttons[1] ?? '', notified.messageId)).toBe(
        `Pressed Escape in ${notified.name}`,
      );
      expect(await pane.waitForEvents(before + 1)).toContainEqual({ type: 'key', key: 'Escape' });
      expect(pane.events().slice(before)).toEqual([{ type: 'key', key: 'Escape' }]);
      const answer = await answerUnder((text) => text.startsWith('⎋'), 'the Esc button answer');
      expect(answer.text).toBe(
        `⎋ Pressed Escape in <code>${notified.name}</code> · buttons: Claude stops what it was doing.`,
      );
    });

    it('a button naming a session that is not there says so, and types nothing', async () => {
      const before = pane.events().length;
      expect(await press('esc:999999', notified.messageId)).toBe(
        'That did not work: see the answer below',
      );
      const answer = await answerUnder(
        (text) => text.includes('gone from the hub'),
        'the answer about a session that is gone',
      );
      expect(answer.text).toContain('/sessions lists live ones');
      expect(pane.events().length).toBe(before);
    });
  });
});
