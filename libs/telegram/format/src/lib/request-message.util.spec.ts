import type { AskedQuestion, PermissionStatus } from '@ccr/protocol';
import { checkTelegramHtml, claudeHookFixture } from '@ccr/testing';
import { parseCallbackData, type CallbackAction } from './callback-data.util';
import type { InlineKeyboardMarkup } from './keyboard.util';
import type { PermissionRequestSession } from './permission-message.util';
import { PLAN_MESSAGE_ROOM, planDocument } from './plan-message.util';
import type { QuestionAnswerView } from '@ccr/session-domain';
import {
  requestMessageCount,
  requestMessages,
  requestOutcomeWords,
  type RequestMessage,
  type StoredRequest,
} from './request-message.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

const NOW = new Date('2026-11-20T10:37:00.000Z');
const SESSION: PermissionRequestSession = {
  serverId: 'kr4',
  project: 'webapp',
  name: 'kr4:1',
  token: 'AB12CD34',
  hostname: 'kr4.example',
};
const fixtureInput = (name: string) =>
  claudeHookFixture(`real-2.1.328/${name}`).json['tool_input'] as Record<string, unknown>;
const QUESTION_INPUT = fixtureInput('permission-request-ask-user-question');
const PLAN_INPUT = fixtureInput('permission-request-exit-plan-mode');

function stored(overrides: Partial<StoredRequest> = {}): StoredRequest {
  return {
    id: 42,
    toolName: 'Bash',
    toolInput: { command: 'ls' },
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    expiresAt: new Date(NOW.getTime() + 300_000),
    ...overrides,
  };
}

function answer(questionIndex: number, fields: Partial<QuestionAnswerView> = {}) {
  return {
    questionIndex,
    options: [],
    otherText: null,
    otherAskedAt: null,
    answeredBy: null,
    answeredAt: null,
    ...fields,
  };
}

/** The message's text as Telegram shows it, after checking it is valid and within the limit. */
function shown(message: RequestMessage | undefined): string {
  if (!message) throw new Error('no such message');
  const check = checkTelegramHtml(message.html);
  expect(check.problems).toEqual([]);
  expect(message.html.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  return check.visibleText;
}

function buttons(message: RequestMessage | undefined): Array<[string, CallbackAction | null]> {
  const markup: InlineKeyboardMarkup | undefined = message?.replyMarkup;
  return (markup?.inline_keyboard ?? [])
    .flat()
    .map((button) => [button.text, parseCallbackData(button.callback_data)]);
}

const questions = (list: AskedQuestion[]) => ({ questions: list });
const question = (overrides: Partial<AskedQuestion> = {}): AskedQuestion => ({
  question: 'Which sizes?',
  header: 'Sizes',
  options: [
    { label: 'S', description: 'small' },
    { label: 'M', description: '' },
    { label: 'L', description: 'large' },
  ],
  multiSelect: true,
  ...overrides,
});

describe('requestMessages: a question', () => {
  const request = (overrides: Partial<StoredRequest> = {}) =>
    stored({ toolName: 'AskUserQuestion', toolInput: QUESTION_INPUT, ...overrides });

  it('shows the real payload: header, question, each option with its description, a button per option and Other…', () => {
    const [message, ...more] = requestMessages(request(), SESSION, NOW);
    expect(more).toEqual([]);
    expect(shown(message).split('\n')).toEqual([
      '❓ [KR4] Claude Asks',
      'Project: webapp',
      'Host: kr4.example',
      'Session: kr4:1 · token AB12CD34',
      '',
      'Colour',
      'Which colour should the button be?',
      '',
      '1. Red: the warm one',
      '2. Blue: the cool one',
      '',
      '⏳ Answer within 5 min (until 10:42 UTC)',
    ]);
    expect(buttons(message)).toEqual([
      [
        'Red',
        {
          kind: 'question',
          permissionId: 42,
          questionIndex: 0,
          press: { kind: 'option', optionIndex: 0 },
        },
      ],
      [
        'Blue',
        {
          kind: 'question',
          permissionId: 42,
          questionIndex: 0,
          press: { kind: 'option', optionIndex: 1 },
        },
      ],
      [
        '✍️ Other…',
        { kind: 'question', permissionId: 42, questionIndex: 0, press: { kind: 'other' } },
      ],
    ]);
    expect(requestMessageCount('AskUserQuestion', QUESTION_INPUT)).toBe(1);
  });

  it('shows a message per question; a multiple choice toggles with ☑ and has Done', () => {
    const input = questions([...(QUESTION_INPUT['questions'] as AskedQuestion[]), question()]);
    expect(requestMessageCount('AskUserQuestion', input)).toBe(2);
    const [first, second] = requestMessages(
      request({ toolInput: input, answers: [answer(1, { options: [0, 2], otherText: 'XL' })] }),
      SESSION,
      NOW,
    );
    expect(shown(first).split('\n')[0]).toBe('❓ [KR4] Claude Asks · question 1 of 2');
    expect(shown(second).split('\n').slice(0, 1)).toEqual([
      '❓ [KR4] Claude Asks · question 2 of 2',
    ]);
    expect(shown(second).split('\n').slice(5)).toEqual([
      'Sizes',
      'Which sizes?',
      '',
      '☑ 1. S: small',
      '2. M',
      '☑ 3. L: large',
      '☑ ✍️ XL',
      '',
      'Choose any, then press Done.',
      '⏳ Answer within 5 min (until 10:42 UTC)',
    ]);
    expect(
      buttons(second).map(([text, action]) => [
        text,
        action && 'press' in action ? action.press : null,
      ]),
    ).toEqual([
      ['☑ S', { kind: 'option', optionIndex: 0 }],
      ['☐ M', { kind: 'option', optionIndex: 1 }],
      ['☑ L', { kind: 'option', optionIndex: 2 }],
      ['✍️ Other…', { kind: 'other' }],
      ['✔️ Done', { kind: 'done' }],
    ]);
  });

  it('asks for a reply once Other… was pressed', () => {
    const [message] = requestMessages(
      request({ answers: [answer(0, { otherAskedAt: NOW })] }),
      SESSION,
      NOW,
    );
    expect(shown(message).split('\n').slice(-2)).toEqual([
      '✍️ Reply to this message with your own answer.',
      '⏳ Answer within 5 min (until 10:42 UTC)',
    ]);
    expect(buttons(message)).toHaveLength(3);
  });

  it('shows an answered question without buttons, waiting for the others, then answered', () => {
    const input = questions([...(QUESTION_INPUT['questions'] as AskedQuestion[]), question()]);
    const answers = [answer(0, { options: [1], answeredBy: '@ana <x>', answeredAt: NOW })];
    const [first, second] = requestMessages(request({ toolInput: input, answers }), SESSION, NOW);
    expect(shown(first).split('\n').slice(-2)).toEqual([
      '✅ Blue · answered by @ana <x> at 10:37 UTC',
      '⏳ Waiting for the answers to the other questions',
    ]);
    expect(buttons(first)).toEqual([]);
    expect(buttons(second)).toHaveLength(5);

    const done = requestMessages(
      request({
        toolInput: input,
        status: 'allow',
        answers: [...answers, answer(1, { options: [1], otherText: 'XL', answeredAt: NOW })],
      }),
      SESSION,
      NOW,
    );
    expect(shown(done[0]).split('\n').pop()).toBe('✅ Blue · answered by @ana <x> at 10:37 UTC');
    expect(shown(done[1]).split('\n').pop()).toBe('✅ M, XL · answered at 10:37 UTC');
    expect(done.map(buttons)).toEqual([[], []]);
  });

  it.each<[PermissionStatus, string]>([
    ['expired', '⌛ Timed out: nobody answered in time; Claude asks on the server'],
    ['answered-on-server', '💻 Answered on the server'],
  ])('says %s, without buttons', (status, line) => {
    const [message] = requestMessages(request({ status }), SESSION, NOW);
    expect(shown(message).split('\n').pop()).toBe(line);
    expect(buttons(message)).toEqual([]);
  });

  it('escapes every label, description and question, and fits any question in one message', () => {
    const nasty = '<b>&"x"</b>';
    const [small] = requestMessages(
      request({
        toolInput: questions([
          question({
            header: nasty,
            question: `${nasty}?`,
            options: [{ label: nasty, description: nasty }],
          }),
        ]),
      }),
      SESSION,
      NOW,
    );
    expect(shown(small)).toContain(`${nasty}\n${nasty}?\n\n1. ${nasty}: ${nasty}`);
    expect(buttons(small)[0]?.[0]).toBe(`☐ ${nasty}`);

    const huge = 'é<'.repeat(3000);
    const many = Array.from({ length: 9 }, (_, i) => ({ label: `${i}${huge}`, description: huge }));
    const messages = requestMessages(
      request({
        toolInput: questions(
          Array.from({ length: 8 }, (_, i) =>
            question({ question: `${i}${huge}`, header: huge, options: many }),
          ),
        ),
      }),
      { ...SESSION, project: huge, hostname: huge, name: huge },
      NOW,
    );
    expect(messages).toHaveLength(8);
    for (const message of messages) {
      const text = shown(message);
      expect(text).toContain('9. ');
      expect(text.split('\n').pop()).toMatch(/^⏳ Answer within/);
      for (const [label] of buttons(message)) expect(label.length).toBeLessThanOrEqual(60);
    }
  });
});

describe('requestMessages: a plan', () => {
  const request = (overrides: Partial<StoredRequest> = {}) =>
    stored({ toolName: 'ExitPlanMode', toolInput: PLAN_INPUT, ...overrides });

  it('shows the real payload: the plan rendered, its file, Approve and Keep planning', () => {
    const messages = requestMessages(request(), SESSION, NOW);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message?.html).toContain(
      '<b>Plan: rename the button</b>\n\n1. Change the label in <code>button.tsx</code>',
    );
    expect(shown(message).split('\n')).toEqual([
      "📋 [KR4] Claude's Plan",
      'Project: webapp',
      'Host: kr4.example',
      'Session: kr4:1 · token AB12CD34',
      '',
      'Plan: rename the button',
      '',
      '1. Change the label in button.tsx',
      '2. Update the snapshot test',
      '📄 /home/dev/.claude/plans/rename-the-button.md',
      '',
      '⏳ Answer within 5 min (until 10:42 UTC)',
    ]);
    expect(buttons(message)).toEqual([
      ['✅ Approve', { kind: 'plan', permissionId: 42, decision: 'approve' }],
      ['✏️ Keep planning', { kind: 'plan', permissionId: 42, decision: 'keep' }],
    ]);
    expect(requestMessageCount('ExitPlanMode', PLAN_INPUT)).toBe(1);
  });

  it('asks for feedback after Keep planning, keeping its buttons', () => {
    const [message] = requestMessages(request({ feedbackAskedAt: NOW }), SESSION, NOW);
    expect(shown(message).split('\n').slice(-2)).toEqual([
      '✍️ Reply to this message with what Claude should change.',
      '⏳ Answer within 5 min (until 10:42 UTC)',
    ]);
    expect(buttons(message)).toHaveLength(2);
  });

  it.each<[Partial<StoredRequest>, string]>([
    [
      { status: 'allow', decidedBy: '@ana', decidedAt: NOW },
      '✅ Approved by @ana at 10:37 UTC: Claude leaves plan mode',
    ],
    [
      { status: 'deny', decidedBy: '@ana', decidedAt: NOW, feedback: 'Use <Icon> & "more"' },
      '✏️ Sent back to planning by @ana at 10:37 UTC: Use <Icon> & "more"',
    ],
    [{ status: 'expired' }, '⌛ Timed out: nobody answered in time; Claude asks on the server'],
    [{ status: 'answered-on-server', feedbackAskedAt: NOW }, '💻 Answered on the server'],
  ])('ends with how it was decided, without buttons: %j', (fields, line) => {
    const [message] = requestMessages(request(fields), SESSION, NOW);
    const lines = shown(message).split('\n');
    expect(lines.pop()).toBe(line);
    expect(lines.pop()).toBe('');
    expect(buttons(message)).toEqual([]);
  });

  it('says where the plan is when it is only on disk, and when there is none', () => {
    const onDisk = requestMessages(
      request({ toolInput: { planFilePath: '/home/dev/.claude/plans/p.md' } }),
      SESSION,
      NOW,
    );
    expect(shown(onDisk[0]).split('\n')[5]).toBe(
      'The plan is on the server: 📄 /home/dev/.claude/plans/p.md',
    );
    const none = requestMessages(request({ toolInput: {} }), SESSION, NOW);
    expect(shown(none[0]).split('\n')[5]).toBe('Claude wrote no plan: it asks to leave plan mode.');
    expect(buttons(none[0])).toHaveLength(2);
  });

  it('shows the beginning of a long plan, and gives it whole as a document to follow', () => {
    const steps = Array.from({ length: 150 }, (_, i) => `${i + 1}. Step **${i + 1}**: do <it>`);
    const plan = `# Big plan\n\n${steps.join('\n')}\n\n## After\nDone & dusted.`;
    const toolInput = { plan, planFilePath: '/home/dev/.claude/plans/big-plan.md' };
    expect(requestMessageCount('ExitPlanMode', toolInput)).toBe(1);
    const messages = requestMessages(request({ toolInput }), SESSION, NOW);
    expect(messages).toHaveLength(1);
    const text = shown(messages[0]);
    expect(text).toContain('Big plan\n\n1. Step 1: do <it>\n2. Step 2: do <it>');
    expect(text).not.toContain('150. Step');
    expect(text).not.toContain('After');
    expect(text).toContain('… the whole plan is in big-plan.md, sent below');
    expect(messages[0]?.html.length).toBeLessThan(PLAN_MESSAGE_ROOM + 1400);
    const document = planDocument(toolInput, { sessionName: 'kr4:1', project: 'web <app>' });
    expect(document).toEqual({
      fileName: 'big-plan.md',
      content: `${plan}\n`,
      captionHtml: '📋 The whole plan · <code>kr4:1</code> · web &lt;app&gt;',
    });
    expect(checkTelegramHtml(document?.captionHtml ?? '').problems).toEqual([]);
    // A plan that fits its message has no document.
    expect(planDocument(PLAN_INPUT, { sessionName: 'kr4:1', project: 'webapp' })).toBeNull();
    expect(planDocument({}, { sessionName: 'kr4:1', project: 'webapp' })).toBeNull();
  });

  it('fits a plan that is one huge block, and huge fields', () => {
    const plan = `\`\`\`\n${'<&>'.repeat(5000)}\n\`\`\``;
    const huge = '<'.repeat(5000);
    for (const session of [SESSION, { ...SESSION, project: huge, hostname: huge, name: huge }]) {
      const toolInput = { plan, planFilePath: `/p/${huge}` };
      const [message] = requestMessages(
        request({ toolInput, status: 'deny', feedback: huge }),
        session,
        NOW,
      );
      expect(shown(message)).toContain('<&><&>');
      const document = planDocument(toolInput, {
        sessionName: session.name,
        project: session.project,
      });
      expect(document?.fileName.length).toBeLessThanOrEqual(120);
      expect(checkTelegramHtml(document?.captionHtml ?? '').visibleText.length).toBeLessThan(1024);
    }
  });
});

describe('requestMessages: any other tool', () => {
  it('keeps Allow, Allow for session and Deny', () => {
    const [message] = requestMessages(stored(), SESSION, NOW);
    expect(buttons(message).map(([text]) => text)).toEqual([
      '✅ Allow',
      '✅ Allow for session',
      '⛔ Deny',
    ]);
    const [decided] = requestMessages(
      stored({ status: 'deny', decidedBy: '@ana', decidedAt: NOW }),
      SESSION,
      NOW,
    );
    expect(shown(decided).split('\n').pop()).toBe('⛔ Denied by @ana at 10:37 UTC');
    expect(buttons(decided)).toEqual([]);
  });

  it('shows the input of a tool it does not know as JSON, cut to fit', () => {
    const toolInput = {
      query: 'SELECT 1',
      rows: Array.from({ length: 2000 }, (_, i) => `row ${i}`),
    };
    const [message] = requestMessages(
      stored({ toolName: 'mcp__db__query', toolInput }),
      SESSION,
      NOW,
    );
    const text = shown(message);
    expect(text).toContain('mcp__db__query\n{\n  "query": "SELECT 1",');
    expect(text).toContain('…');
    expect(requestMessageCount('mcp__db__query', toolInput)).toBe(1);
  });
});

describe('requestOutcomeWords', () => {
  it('names how each kind of request ended', () => {
    expect(requestOutcomeWords('question', 'allow')).toBe('Answered');
    expect(requestOutcomeWords('plan', 'allow')).toBe('Approved');
    expect(requestOutcomeWords('plan', 'deny')).toBe('Sent back to planning');
    expect(requestOutcomeWords('plan', 'expired')).toBe('Timed out');
    expect(requestOutcomeWords('question', 'answered-on-server')).toBe('Answered on the server');
    expect(requestOutcomeWords('permission', 'allow-session')).toBe('Allowed for this session');
  });
});
