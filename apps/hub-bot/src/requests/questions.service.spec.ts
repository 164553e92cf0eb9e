import {
  AnswerStore,
  OutboxStore,
  PermissionStore,
  openDatabase,
  type CreatePermissionInput,
} from '@ccr/session-data-access';
import { TelegramBotApi } from '@ccr/telegram-bot-api';
import { requestMessageCount, requestMessages } from '@ccr/telegram-format';
import { FakeTelegramBotApi, makeTempDir, parseTelegramHtml, removeDir } from '@ccr/testing';
import { join } from 'node:path';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { UpdateRecord } from '../telegram/update-record.util';
import { PlansService } from './plans.service';
import { QuestionsService } from './questions.service';
import { RequestMessages } from './request-messages.service';
import { RequestReplies } from './request-replies.service';

const TOKEN = '123456789:TEST-token_for_the_fake_api';
const CHAT = '100';
const ANA = { id: 1, first_name: 'Ana', username: 'ana' };
const BOB = { id: 2, first_name: 'Bob' };

const QUESTIONS = [
  {
    question: 'Which colour should the button be?',
    header: 'Colour',
    options: [
      { label: 'Red', description: 'the warm one' },
      { label: 'Blue', description: 'the cool one' },
    ],
    multiSelect: false,
  },
  {
    question: 'Which sizes?',
    header: 'Sizes',
    options: [
      { label: 'S', description: '' },
      { label: 'M', description: '' },
    ],
    multiSelect: true,
  },
];

describe('QuestionsService, PlansService and RequestReplies (real SQLite, Bot API on loopback)', () => {
  const api = new FakeTelegramBotApi({ token: TOKEN });
  let dir: string;
  let dataSource: DataSource;
  let permissions: PermissionStore;
  let outbox: OutboxStore;
  let telegram: TelegramBotApi;
  let questions: QuestionsService;
  let plans: PlansService;
  let replies: RequestReplies;
  let asked = 0;
  let now: Date;

  beforeAll(() => api.start());
  afterAll(() => api.stop());
  beforeEach(async () => {
    api.reset();
    dir = await makeTempDir('ccr-requests-');
    dataSource = await openDatabase({ path: join(dir, 'sessions.db') });
    now = new Date();
    permissions = new PermissionStore(dataSource, { clock: () => now });
    outbox = new OutboxStore(dataSource);
    telegram = new TelegramBotApi({ apiRoot: api.apiRoot, token: TOKEN });
    const answers = new AnswerStore(dataSource, { clock: () => now });
    const messages = new RequestMessages(outbox, telegram);
    questions = new QuestionsService(answers, messages);
    plans = new PlansService(answers, messages);
    replies = new RequestReplies(outbox, permissions, questions, plans);
  });
  afterEach(async () => {
    await dataSource.destroy();
    await removeDir(dir);
  });

  function record(): UpdateRecord {
    return {
      updateId: 1,
      chatId: CHAT,
      log: pino({ level: 'silent' }),
      startedAt: 0,
      fields: { kind: 'button' },
    };
  }

  /** A request whose messages went to the chat, as hub-api sends and records them. */
  async function ask(toolName: string, toolInput: Record<string, unknown>, timeoutSeconds = 300) {
    asked += 1;
    const input: CreatePermissionInput = {
      serverId: 'kr4',
      project: 'webapp',
      requestId: `req-${asked}`,
      claudeSessionId: `claude-${asked}`,
      toolName,
      toolInput,
      timeoutSeconds,
    };
    const created = await permissions.create(input, {
      chatIds: [CHAT],
      messages: requestMessageCount(toolName, toolInput),
    });
    const built = requestMessages(created.request, created.session, new Date());
    const messageIds: number[] = [];
    for (const [part, message] of built.entries()) {
      const sent = await telegram.sendMessage(CHAT, message.html, {
        replyMarkup: message.replyMarkup,
      });
      // As hub-api's sender does: the row is claimed, then marked sent with the message id.
      const look = await outbox.takeDue(CHAT, 10, (items) => ({
        claim: items.filter((item) => item.part === part).map((item) => item.id),
      }));
      if ('closed' in look) throw new Error(`chat ${CHAT} is closed`);
      await outbox.markSent(look.claim, sent.message_id);
      messageIds.push(sent.message_id);
    }
    return { id: created.request.id, messageIds };
  }

  const shown = (messageId: number) => {
    const message = api.message(Number(CHAT), messageId);
    return {
      text: parseTelegramHtml(message?.text ?? '').text,
      buttons: (message?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text),
    };
  };

  it('answers a single choice with one press and a multiple choice with toggles and Done; the request is answered with its last question', async () => {
    const { id, messageIds } = await ask('AskUserQuestion', { questions: QUESTIONS });
    const [colour, sizes] = messageIds as [number, number];

    expect(await questions.press(record(), id, 0, { kind: 'option', optionIndex: 1 }, ANA)).toBe(
      'Answered: Blue',
    );
    expect(shown(colour).text).toContain('✅ Blue · answered by @ana at');
    expect(shown(colour).buttons).toEqual([]);
    expect(shown(sizes).buttons).toEqual(['☐ S', '☐ M', '✍️ Other…', '✔️ Done']);
    expect((await permissions.getById(id))?.request.status).toBe('pending');

    expect(await questions.press(record(), id, 1, { kind: 'option', optionIndex: 1 }, BOB)).toBe(
      'Chosen; press Done when it is all chosen',
    );
    expect(shown(sizes).buttons.slice(0, 2)).toEqual(['☐ S', '☑ M']);
    expect(await questions.press(record(), id, 1, { kind: 'done' }, BOB)).toBe('Answered: M');
    expect((await permissions.getById(id))?.request).toMatchObject({
      status: 'allow',
      decidedBy: 'Bob',
    });
    expect(shown(sizes).text).toContain('✅ M · answered by Bob at');

    // Every later press changes nothing and says so.
    expect(await questions.press(record(), id, 1, { kind: 'option', optionIndex: 0 }, ANA)).toBe(
      'Already answered: Answered by Bob',
    );
  });

  it('takes a reply to a question as its answer, after Other… or without it', async () => {
    const { id, messageIds } = await ask('AskUserQuestion', { questions: QUESTIONS });
    const [colour, sizes] = messageIds as [number, number];
    expect(await questions.press(record(), id, 0, { kind: 'other' }, ANA)).toBe(
      'Reply to the question with your own answer',
    );
    expect(shown(colour).text).toContain('✍️ Reply to this message with your own answer.');
    expect(await replies.take(record(), CHAT, colour, 'green <please>', ANA)).toBe(
      '✅ Your answer to <b>Colour</b>: green &lt;please&gt;.',
    );
    expect(await replies.take(record(), CHAT, sizes, 'XL', ANA)).toBe(
      '☑ Added your words to <b>Sizes</b>: press Done when it is all chosen.',
    );
    expect(await questions.press(record(), id, 1, { kind: 'done' }, ANA)).toBe('Answered: XL');
    expect((await permissions.getById(id))?.request.answers.map((a) => a.otherText)).toEqual([
      'green <please>',
      'XL',
    ]);
    expect(await replies.take(record(), CHAT, colour, 'too late', BOB)).toBe(
      '⚠️ Already answered: Answered by @ana',
    );
  });

  it('says Done needs a choice, and what a button does not name', async () => {
    const { id } = await ask('AskUserQuestion', { questions: QUESTIONS });
    expect(await questions.press(record(), id, 1, { kind: 'done' }, ANA)).toBe(
      'Choose an option first, or reply to the question with your own answer',
    );
    expect(await questions.press(record(), id, 5, { kind: 'done' }, ANA)).toBe(
      'This button is no longer valid',
    );
    expect(await questions.press(record(), 999, 0, { kind: 'done' }, ANA)).toBe(
      'This request is gone',
    );
    const plan = await ask('ExitPlanMode', { plan: '# P' });
    expect(await questions.press(record(), plan.id, 0, { kind: 'done' }, ANA)).toBe(
      'This button is no longer valid',
    );
  });

  it('approves a plan, or asks for feedback and sends it back with the reply', async () => {
    const approved = await ask('ExitPlanMode', { plan: '# Plan\n1. do it' });
    expect(await plans.press(record(), approved.id, 'approve', ANA)).toBe(
      'Approved: Claude leaves plan mode',
    );
    expect(shown(approved.messageIds[0]!).text).toMatch(
      /✅ Approved by @ana at \d\d:\d\d UTC: Claude leaves plan mode$/,
    );
    expect(await plans.press(record(), approved.id, 'keep', BOB)).toBe(
      'Already answered: Approved by @ana',
    );

    const sent = await ask('ExitPlanMode', { plan: '# Plan\n1. do it' });
    const [message] = sent.messageIds as [number];
    expect(await plans.press(record(), sent.id, 'keep', ANA)).toBe(
      'Reply to the plan with what Claude should change',
    );
    expect(shown(message).text).toContain(
      '✍️ Reply to this message with what Claude should change.',
    );
    expect(shown(message).buttons).toEqual(['✅ Approve', '✏️ Keep planning']);
    expect(await replies.take(record(), CHAT, message, 'Rename the icon too.', ANA)).toBe(
      '✏️ Sent the plan back to Claude with your words: it keeps planning.',
    );
    expect((await permissions.getById(sent.id))?.request).toMatchObject({
      status: 'deny',
      feedback: 'Rename the icon too.',
    });
    expect(shown(message).text).toMatch(
      /Sent back to planning by @ana at .*: Rename the icon too\.$/,
    );
  });

  it('says the time is up once the CLI stopped waiting', async () => {
    const plan = await ask('ExitPlanMode', {}, 1);
    now = new Date(now.getTime() + 1000);
    expect(await plans.press(record(), plan.id, 'approve', ANA)).toBe(
      'Timed out: Claude asks on the server now',
    );
  });

  it('leaves replies to other messages alone', async () => {
    const bash = await ask('Bash', { command: 'ls' });
    expect(await replies.take(record(), CHAT, bash.messageIds[0]!, 'hi', ANA)).toBeNull();
    expect(await replies.take(record(), CHAT, 424242, 'hi', ANA)).toBeNull();
  });
});
