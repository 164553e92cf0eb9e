import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import {
  FakeTranscriptionApi,
  freePort,
  makeTempDir,
  promptBoxOf,
  removeDir,
  toolResultText,
  type ClaudeCodePane,
  type QueueMediaExtra,
  type SentFile,
  type SentMessageParams,
  type TelegramUpdate,
} from '@ccr/testing';
import { BotStack, CHAT_ID, type ChatNotification, type StackServer } from './support/bot-stack';

/** A 1×1 PNG, as a screenshot tool writes one. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const MB = 1024 * 1024;

/** The path an answer says a file was saved to. */
function savedPathOf(answer: SentMessageParams): string {
  const path = /Saved to <code>([^<]+)<\/code>/.exec(answer.text)?.[1];
  if (!path) throw new Error(`no saved path in: ${answer.text}`);
  return path.replace(/&amp;/g, '&');
}

describe('hub-bot: photos, files and voice to Claude, and files back, locally and over SSH', () => {
  const stt = new FakeTranscriptionApi({ apiKey: 'sk-test' });
  let botHome = '';
  let closedPort = 0;
  let stack: BotStack;
  const claude = {} as Record<StackServer, ClaudeCodePane>;
  const session = {} as Record<StackServer, ChatNotification>;

  /** Each server's inbox: the default one, in the home of the user the hub works as there. */
  const inboxOf = (server: StackServer): string =>
    join(server === 'local' ? botHome : stack.sshd!.user.home, '.cache/ccr/inbox');
  /** The uid files on that server must belong to: Claude's user there. */
  const uidOf = (server: StackServer): number =>
    server === 'local' ? process.getuid!() : stack.sshd!.user.uid;
  const filesIn = (folder: string): string[] => (existsSync(folder) ? readdirSync(folder) : []);

  /** Queues a media update and resolves with hub-bot's text answer to it. */
  async function askWith(update: TelegramUpdate, timeoutMs = 30_000): Promise<SentMessageParams> {
    return stack.answerTo(update.message!.message_id, CHAT_ID, timeoutMs);
  }

  /** Sends /get and resolves with the document hub-bot answered with. */
  async function getFile(text: string, extra: QueueMediaExtra = {}): Promise<SentFile> {
    const id = await stack.send(text, extra);
    return stack.telegram.waitForSentFile((file) => file.replyToMessageId === id, {
      what: `the document answering ${text}`,
      timeoutMs: 20_000,
    });
  }

  /** Runs `act`; checks that no prompt reached the model and Claude's prompt box stayed empty. */
  async function typesNothing<T>(server: StackServer, act: () => Promise<T>): Promise<T> {
    const since = stack.model.requests().length;
    const result = await act();
    expect(stack.model.promptsSince(since)).toEqual([]);
    expect(promptBoxOf(await claude[server].screen())?.input).toBe('');
    return result;
  }

  /** Writes a file into a Claude's project folder (or below it), as Claude's user. */
  function projectFile(server: StackServer, name: string, content: string | Buffer): string {
    const path = join(claude[server].cwd, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    const user = claude[server].user;
    if (user) chownSync(path, user.uid, user.gid);
    return path;
  }

  beforeAll(async () => {
    await stt.start();
    botHome = await makeTempDir('ccr-bot-home-');
    closedPort = await freePort();
    stack = new BotStack({
      remote: true,
      extraServers: async (started) => [started.remoteEntry('down', { port: closedPort })],
      // HOME: the local server's inbox, ~/.cache/ccr/inbox, in a folder of this test's own.
      botEnv: { HOME: botHome, STT_URL: stt.url, STT_API_KEY: 'sk-test', STT_TIMEOUT_MS: '2000' },
    });
    await stack.start();
    [claude.local, claude.remote] = await Promise.all([
      stack.startClaude('local', { project: 'web' }),
      stack.startClaude('remote', { project: 'api' }),
    ]);
    session.local = await stack.firstTurn(claude.local, 'local', 'hello from here');
    session.remote = await stack.firstTurn(claude.remote, 'remote', 'hello from there');
  }, 120_000);

  afterAll(async () => {
    try {
      await stack.stop();
    } finally {
      await stt.stop();
      await removeDir(botHome);
    }
  }, 60_000);

  afterEach(async () => {
    stack.model.resetAnswers();
    stt.reset();
    await stack.settleClaudes();
  });

  describe.each([
    ['locally', 'local'],
    ['over SSH', 'remote'],
  ] as const)('%s', (_where, server) => {
    const folderOf = () => join(inboxOf(server), session[server].name);

    it("a photo replying to a notification: its largest size is saved 0600 in the session's 0700 inbox folder, and Claude gets the caption and the path", async () => {
      let answer: SentMessageParams | undefined;
      const turn = await stack.turn(server, async () => {
        answer = await askWith(
          stack.telegram.queuePhoto(CHAT_ID, PNG, {
            caption: `what is wrong here, ${server}?`,
            replyToMessage: session[server].messageId,
          }),
        );
      });
      const path = savedPathOf(answer!);
      expect(dirname(path)).toBe(folderOf());
      expect(path).toMatch(/\/photo-\d{8}-\d{6}\.jpg$/);
      expect(answer!.text).toContain(
        `on <b>${server}</b> (70 B), and typed your caption and its path`,
      );
      expect(turn.prompts).toEqual([`what is wrong here, ${server}? ${path}`]);
      expect(readFileSync(path).equals(PNG)).toBe(true);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(path).uid).toBe(uidOf(server));
      expect(statSync(folderOf()).mode & 0o777).toBe(0o700);
      expect(statSync(inboxOf(server)).mode & 0o777).toBe(0o700);
    });

    it('a file with the caption /cmd <session> …: saved under its own name, the words and the path typed, and Claude reads it once allowed from the chat', async () => {
      const log = `build ${server}: 3 tests failed\nexpected <b> & "quotes"\n`;
      const fileName = `build-${server}.log`;
      stack.model.answer(
        (request) => request.prompt.includes(fileName),
        (request) => ({
          kind: 'tool_use',
          name: 'Read',
          input: { file_path: request.prompt.split(' ').pop() ?? '' },
        }),
        { times: 1 },
      );
      const since = stack.model.requests().length;
      const answer = await askWith(
        stack.telegram.queueDocument(CHAT_ID, log, {
          fileName,
          mimeType: 'text/plain',
          caption: `/cmd ${session[server].name} why did it fail?`,
        }),
      );
      const path = join(folderOf(), fileName);
      expect(savedPathOf(answer)).toBe(path);
      const request = await stack.model.waitForRequest((r) => r.prompt.includes(fileName), {
        since,
      });
      expect(request.prompt).toBe(`why did it fail? ${path}`);

      // The inbox is outside Claude's folder: Claude Code asks before reading there, and the
      // question comes to the chat with its buttons.
      const asked = await stack.telegram.waitForSentMessage(
        (message) =>
          message.text.includes(`[${server.toUpperCase()}] Claude Asks Permission`) &&
          message.text.includes(fileName),
        { chatId: CHAT_ID, timeoutMs: 20_000, what: `the request to read ${fileName}` },
      );
      const markup = asked.reply_markup as {
        inline_keyboard: Array<Array<{ callback_data: string }>>;
      };
      const allow = markup.inline_keyboard.flat()[0]!.callback_data;
      expect(allow).toMatch(/^perm:\d+:allow$/);
      await stack.hubDelivered();
      stack.telegram.queueCallbackQuery(CHAT_ID, allow, stack.messageIdOf(asked));

      const { result } = await stack.model.waitForToolResult(request);
      expect(result.is_error).toBeFalsy();
      expect(toolResultText(result)).toContain(`build ${server}: 3 tests failed`);
    });

    it('a file named with quotes, a line break, $() and leading dashes: saved under a safe name, and nothing runs', async () => {
      const canary = join(stack[server]!.dir, 'canary-file');
      const nasty = `--x $(touch canary-file) 'q' "d"\n\`id\`.txt`;
      let answer: SentMessageParams | undefined;
      const turn = await stack.turn(server, async () => {
        answer = await askWith(
          stack.telegram.queueDocument(CHAT_ID, 'content', {
            fileName: nasty,
            caption: `/cmd ${session[server].token} $(touch ${canary}-caption); echo hi`,
          }),
        );
      });
      const path = savedPathOf(answer!);
      expect(path).toBe(join(folderOf(), 'x_touch_canary-file_q_d_id_.txt'));
      expect(turn.prompts).toEqual([`$(touch ${canary}-caption); echo hi ${path}`]);
      expect(readFileSync(path, 'utf8')).toBe('content');
      expect(readdirSync(stack[server]!.dir).filter((name) => name.startsWith('canary'))).toEqual(
        [],
      );
    });

    it('the same name twice: the first file is kept, the second numbered', async () => {
      const send = (content: string) =>
        stack.turn(server, () =>
          askWith(
            stack.telegram.queueDocument(CHAT_ID, content, {
              fileName: 'notes.md',
              replyToMessage: session[server].messageId,
            }),
          ),
        );
      await send('first');
      const second = await send('second');
      const numbered = join(folderOf(), 'notes-2.md');
      expect(second.prompts).toEqual([numbered]);
      expect(readFileSync(join(folderOf(), 'notes.md'), 'utf8')).toBe('first');
      expect(readFileSync(numbered, 'utf8')).toBe('second');
    });

    it("/get sends a file of the session's folder (relative or absolute) or of the inbox, as a document", async () => {
      const content = `# Notes from ${server}\n\n<b>not bold</b> & more\n`;
      const path = projectFile(server, 'docs/notes.md', content);
      const name = session[server].name;

      const relative = await getFile(`/get ${name} docs/notes.md`);
      expect(relative.method).toBe('sendDocument');
      expect(relative.fileName).toBe('notes.md');
      expect(relative.content.toString()).toBe(content);
      expect(relative.caption).toBe(`📄 ${path} from ${name} · ${content.length} B`);

      const absolute = await getFile(`/get ${session[server].token} ${path}`);
      expect(absolute.content.toString()).toBe(content);

      const asReply = await getFile('/get ./docs/../docs/notes.md', {
        replyToMessage: session[server].messageId,
      });
      expect(asReply.content.toString()).toBe(content);

      // What a user sent earlier comes back from the inbox.
      const sent = await stack.turn(server, () =>
        askWith(
          stack.telegram.queueDocument(CHAT_ID, 'sent earlier', {
            fileName: 'earlier.txt',
            replyToMessage: session[server].messageId,
          }),
        ),
      );
      const fromInbox = await getFile(`/get ${name} ${sent.prompts[0]}`);
      expect(fromInbox.content.toString()).toBe('sent earlier');
    });

    it('/get refuses, saying why, and sends nothing: outside the folders, "..", a link out, missing, $() and quotes, a folder, over 50 MB', async () => {
      const name = session[server].name;
      const cwd = claude[server].cwd;
      const secret = projectFile(server, '../secret.txt', 'not for the chat');
      symlinkSync(secret, join(cwd, 'innocent.txt'));
      projectFile(server, 'src/app.ts', 'x');
      const big = projectFile(server, 'big.bin', '');
      truncateSync(big, 51 * MB);
      const refusals: Array<[string, string]> = [
        [`/get ${name} /etc/passwd`, '<code>/etc/passwd</code> is outside'],
        [`/get ${name} ../secret.txt`, `<code>${secret}</code> is outside <code>${cwd}</code> and`],
        [
          `/get ${name} innocent.txt`,
          `<code>${join(cwd, 'innocent.txt')}</code> leads to <code>${secret}</code>, which is outside`,
        ],
        [`/get ${name} missing.txt`, `There is no <code>${join(cwd, 'missing.txt')}</code> on`],
        [`/get ${name} $(touch ${join(cwd, 'canary-get')})'"x`, 'There is no <code>'],
        [`/get ${name} src`, 'is a folder: only files can be sent'],
        [`/get ${name} big.bin`, 'is 51 MB: Telegram takes files of at most 50 MB from bots'],
        [`/get ${name}`, '<code>/get kr4:1 src/app.ts</code>'],
        [`/get ${name} a\nb`, 'A path is one line'],
      ];
      const filesBefore = stack.telegram.sentFiles().length;
      for (const [command, expected] of refusals) {
        const { text } = await stack.ask(command);
        expect({ command, text }).toEqual({ command, text: expect.stringContaining(expected) });
      }
      expect(stack.telegram.sentFiles()).toHaveLength(filesBefore);
      expect(existsSync(join(cwd, 'canary-get'))).toBe(false);
    });

    it('a voice message replying to a notification: transcribed, typed as a prompt, and echoed', async () => {
      const words = `please run the tests on ${server} & tell me <why>`;
      let answer: SentMessageParams | undefined;
      const turn = await stack.turn(server, async () => {
        answer = await askWith(
          stack.telegram.queueVoice(CHAT_ID, words, {
            replyToMessage: session[server].messageId,
          }),
        );
      });
      expect(turn.prompts).toEqual([words]);
      expect(answer!.text).toBe(
        `🎙 Typed into <code>${session[server].name}</code> · ${server === 'local' ? 'web' : 'api'}, then Enter:\n` +
          `<blockquote>please run the tests on ${server} &amp; tell me &lt;why&gt;</blockquote>`,
      );
      const [request] = stt.requests();
      expect(request?.headers.authorization).toBe('Bearer sk-test');
      expect(request?.fields['model']).toBe('whisper-1');
      expect(request?.file?.content.toString()).toBe(words);
    });
  });

  it('a photo with no reply and no /cmd caption: says how to send one, and saves nothing', async () => {
    const before = filesIn(join(inboxOf('local'), session.local.name));
    const answer = await typesNothing('local', () =>
      askWith(stack.telegram.queuePhoto(CHAT_ID, PNG, { caption: 'look at this' })),
    );
    expect(answer.text).toBe(
      "To hand Claude a photo or a file, send it as a reply to the session's notification, or " +
        'with the caption <code>/cmd kr4:1 what is wrong here?</code>. Nothing was saved.',
    );
    const bare = await askWith(stack.telegram.queueDocument(CHAT_ID, 'x', { caption: '/cmd' }));
    expect(bare.text).toContain('Write the session after /cmd');
    const unknown = await askWith(
      stack.telegram.queueDocument(CHAT_ID, 'x', { caption: '/cmd local:999 hi' }),
    );
    expect(unknown.text).toContain('No session local:999');
    expect(filesIn(join(inboxOf('local'), session.local.name))).toEqual(before);
  });

  it('a file over 20 MB: refused before it is fetched, nothing saved or typed', async () => {
    const fetches =
      stack.telegram.calls('getFile').length + stack.telegram.calls('download').length;
    const answer = await typesNothing('remote', () =>
      askWith(
        stack.telegram.queueDocument(CHAT_ID, 'small', {
          fileName: 'dump.sql',
          claimedSize: 31 * MB,
          replyToMessage: session.remote.messageId,
        }),
      ),
    );
    expect(answer.text).toBe(
      '<code>dump.sql</code> is 31 MB: Telegram lets bots fetch files of at most 20 MB. ' +
        'Nothing was saved; copy it to the server another way.',
    );
    expect(stack.telegram.calls('getFile').length + stack.telegram.calls('download').length).toBe(
      fetches,
    );
    expect(filesIn(join(inboxOf('remote'), session.remote.name))).not.toContain('dump.sql');
  });

  it('a download that brings more than Telegram said: stopped at 20 MB, and nothing is left on the server', async () => {
    const answer = await typesNothing('remote', () =>
      askWith(
        stack.telegram.queueDocument(CHAT_ID, Buffer.alloc(21 * MB, 1), {
          fileName: 'liar.bin',
          claimedSize: 1024,
          replyToMessage: session.remote.messageId,
        }),
      ),
    );
    expect(answer.text).toBe(
      '<code>liar.bin</code> is larger than that: Telegram lets bots fetch files of at most 20 MB. ' +
        'Nothing was saved; copy it to the server another way.',
    );
    expect(filesIn(join(inboxOf('remote'), session.remote.name))).not.toContain('liar.bin');
  });

  it('Telegram failing to hand over a file: says so, nothing saved or typed', async () => {
    stack.telegram.failNext('download', { status: 502 });
    const answer = await typesNothing('local', () =>
      askWith(
        stack.telegram.queueDocument(CHAT_ID, 'x', {
          fileName: 'flaky.txt',
          replyToMessage: session.local.messageId,
        }),
      ),
    );
    expect(answer.text).toBe(
      'Telegram did not hand over <code>flaky.txt</code> (download: 502 Bad Gateway). ' +
        'Nothing was saved or typed; send it again.',
    );
    expect(filesIn(join(inboxOf('local'), session.local.name))).not.toContain('flaky.txt');
  });

  it('a server that is down: says so, and fetches nothing', async () => {
    const down = await stack.notify({ serverId: 'down', pane: { session: 'x', paneId: '%1' } });
    const downloads = stack.telegram.calls('download').length;
    const answer = await askWith(
      stack.telegram.queuePhoto(CHAT_ID, PNG, { replyToMessage: down.messageId }),
    );
    expect(answer.text).toContain(
      `🔌 <b>down</b> (127.0.0.1:${closedPort}) refused the SSH connection`,
    );
    const get = await stack.ask(`/get ${down.name} notes.md`);
    expect(get.text).toContain('refused the SSH connection');
    expect(stack.telegram.calls('download')).toHaveLength(downloads);
  });

  it('voice: a failing service, one that does not answer in time, and silence are answered in words; nothing is typed', async () => {
    const reply = { replyToMessage: session.local.messageId };
    stt.answer({ kind: 'error', status: 500, message: 'model not loaded' }, { times: 1 });
    const failed = await typesNothing('local', () =>
      askWith(stack.telegram.queueVoice(CHAT_ID, 'run it', reply)),
    );
    expect(failed.text).toBe(
      '🎙 The transcription service failed: HTTP 500: model not loaded. Nothing was typed; ' +
        'send it again, or type it.',
    );
    stt.answer({ kind: 'hang' }, { times: 1 });
    const slow = await typesNothing('local', () =>
      askWith(stack.telegram.queueVoice(CHAT_ID, 'run it', reply)),
    );
    expect(slow.text).toContain('The transcription service failed: no answer within 2 s.');
    stt.answer({ kind: 'text', text: '   ' }, { times: 1 });
    const silence = await typesNothing('local', () =>
      askWith(stack.telegram.queueVoice(CHAT_ID, 'run it', reply)),
    );
    expect(silence.text).toBe(
      '🎙 The transcription service heard no words in that recording. Nothing was typed.',
    );
    const unrouted = await typesNothing('local', () =>
      askWith(stack.telegram.queueVoice(CHAT_ID, 'run it')),
    );
    expect(unrouted.text).toBe(
      "To speak to Claude, send the voice message as a reply to the session's notification. " +
        'Nothing was typed.',
    );
    expect(stt.requests()).toHaveLength(3);
  });

  it('a reply too long for one message: its first part in the notification, the whole of it as a .md document under it', async () => {
    const prompt = 'write me a long report';
    const report = `# Report\n\n${'A line of the report, with <tags> & "quotes".\n'.repeat(200)}The end.`;
    stack.model.answer(prompt, { kind: 'text', text: report }, { times: 1 });
    const turn = await stack.turn('remote', () =>
      stack.ask(`/cmd ${session.remote.name} ${prompt}`),
    );
    const document = await stack.telegram.waitForSentFile(
      (file) => file.replyToMessageId === turn.notification.messageId,
      { what: 'the whole reply under its notification' },
    );
    expect(turn.notification.text).toContain('# Report');
    expect(turn.notification.text).not.toContain('The end.');
    expect(document.fileName).toBe(`claude-reply-${session.remote.name.replace(':', '-')}.md`);
    expect(document.content.toString()).toBe(`${report}\n`);
  });
});

describe('hub-bot: voice messages without a transcription service', () => {
  const stack = new BotStack();
  beforeAll(() => stack.start(), 60_000);
  afterAll(() => stack.stop(), 60_000);

  it('says how to turn transcription on, and /help says it is off', async () => {
    const update = stack.telegram.queueVoice(CHAT_ID, 'run the tests');
    const answer = await stack.answerTo(update.message!.message_id);
    expect(answer.text).toContain(
      'Voice messages need a transcription service, and none is set up.',
    );
    expect(answer.text).toContain('<code>STT_URL</code>');
    expect(answer.text).toContain('Nothing was typed.');
    expect((await stack.ask('/help')).text).toContain(
      'Transcription is off until <code>STT_URL</code> is set.',
    );
  });
});
