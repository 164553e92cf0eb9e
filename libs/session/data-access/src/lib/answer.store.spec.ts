import type { DataSource } from 'typeorm';
import { FakeClock, TempDatabases, rowsOf } from '../../test/temp-database.util';
import { AnswerOutOfRangeError, AnswerStore } from './answer.store';
import { PermissionStore, RequestKindMismatchError } from './permission.store';
import { PermissionNotFoundError } from './request-query.util';

const SECOND = 1000;

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
      { label: 'L', description: '' },
    ],
    multiSelect: true,
  },
];

describe('AnswerStore', () => {
  const dbs = new TempDatabases();
  let dataSource: DataSource;
  let clock: FakeClock;
  let permissions: PermissionStore;
  let answers: AnswerStore;
  let asked = 0;

  beforeEach(async () => {
    dataSource = await dbs.open();
    clock = new FakeClock('2026-04-01T09:00:00.000Z');
    permissions = new PermissionStore(dataSource, { clock: clock.now });
    answers = new AnswerStore(dataSource, { clock: clock.now });
  });
  afterEach(() => dbs.cleanup());

  async function ask(toolName: string, toolInput: Record<string, unknown>): Promise<number> {
    asked += 1;
    const created = await permissions.create(
      {
        serverId: 'kr4',
        project: 'webapp',
        requestId: `req-${asked}`,
        claudeSessionId: `claude-${asked}`,
        toolName,
        toolInput,
        timeoutSeconds: 60,
      },
      { chatIds: ['100'], messages: toolName === 'AskUserQuestion' ? QUESTIONS.length : 1 },
    );
    return created.request.id;
  }

  const askQuestions = () => ask('AskUserQuestion', { questions: QUESTIONS });
  const askPlan = () => ask('ExitPlanMode', { plan: '# Plan\n1. do it' });

  describe('questions', () => {
    it('answers a single choice with one press, and the request once every question is answered', async () => {
      const id = await askQuestions();
      const first = await answers.choose(id, 0, 1, '@ana');
      expect(first).toMatchObject({ changed: true, completed: false });
      expect(first.request.status).toBe('pending');
      expect(first.request.answers).toEqual([
        {
          questionIndex: 0,
          options: [1],
          otherText: null,
          otherAskedAt: null,
          answeredBy: '@ana',
          answeredAt: clock.now(),
        },
      ]);

      // A multiple choice toggles, and is answered by Done.
      expect((await answers.choose(id, 1, 2, '@bob')).request.answers[1]?.options).toEqual([2]);
      expect((await answers.choose(id, 1, 0, '@bob')).request.answers[1]?.options).toEqual([0, 2]);
      const untoggled = await answers.choose(id, 1, 2, '@bob');
      expect(untoggled).toMatchObject({ changed: true, completed: false });
      expect(untoggled.request.answers[1]).toMatchObject({ options: [0], answeredAt: null });
      clock.advance(SECOND);
      const done = await answers.finish(id, 1, '@bob');
      expect(done).toMatchObject({ changed: true, completed: true });
      expect(done.request).toMatchObject({
        status: 'allow',
        decidedBy: '@bob',
        decidedAt: clock.now(),
      });
      expect(
        (await permissions.get(`req-${asked}`))?.request.answers.map((a) => a.options),
      ).toEqual([[1], [0]]);
    });

    it('takes a reply as the answer of a single choice, and adds it to a multiple choice until Done', async () => {
      const id = await askQuestions();
      expect(await answers.askOther(id, 0, '@ana')).toMatchObject({ changed: true });
      const other = await answers.writeOther(id, 0, '  green, please  ', '@ana');
      expect(other.request.answers[0]).toMatchObject({
        options: [],
        otherText: 'green, please',
        otherAskedAt: clock.now(),
        answeredBy: '@ana',
      });
      await answers.choose(id, 1, 1, '@ana');
      const words = await answers.writeOther(id, 1, 'XL', '@ana');
      expect(words).toMatchObject({ changed: true, completed: false });
      expect(words.request.answers[1]).toMatchObject({
        options: [1],
        otherText: 'XL',
        answeredAt: null,
      });
      expect((await answers.finish(id, 1, '@ana')).completed).toBe(true);
    });

    it('refuses what changes nothing, and says why', async () => {
      const id = await askQuestions();
      expect(await answers.finish(id, 1, '@ana')).toMatchObject({
        changed: false,
        refusal: 'empty',
      });
      expect(await answers.writeOther(id, 0, '   ', '@ana')).toMatchObject({
        changed: false,
        refusal: 'empty',
      });
      await answers.choose(id, 0, 0, '@ana');
      expect(await answers.choose(id, 0, 1, '@bob')).toMatchObject({
        changed: false,
        refusal: 'answered',
      });
      expect(await answers.writeOther(id, 0, 'late', '@bob')).toMatchObject({
        refusal: 'answered',
      });
      clock.advance(60 * SECOND);
      expect(await answers.choose(id, 1, 0, '@ana')).toMatchObject({
        changed: false,
        refusal: 'expired',
      });
      await permissions.expireDue();
      expect(await answers.choose(id, 1, 0, '@ana')).toMatchObject({ refusal: 'closed' });
      expect((await permissions.getById(id))?.request.answers[0]?.options).toEqual([0]);
    });

    it('stops at buttons that name what the request does not have', async () => {
      const id = await askQuestions();
      await expect(answers.choose(id, 2, 0, '@ana')).rejects.toThrow(AnswerOutOfRangeError);
      await expect(answers.choose(id, 0, 2, '@ana')).rejects.toThrow(AnswerOutOfRangeError);
      await expect(answers.choose(999, 0, 0, '@ana')).rejects.toThrow(PermissionNotFoundError);
      await expect(answers.choose(await askPlan(), 0, 0, '@ana')).rejects.toThrow(
        RequestKindMismatchError,
      );
      const bash = await ask('Bash', { command: 'ls' });
      await expect(answers.approvePlan(bash, '@ana')).rejects.toThrow(RequestKindMismatchError);
      await expect(permissions.decide(id, 'allow', '@ana')).rejects.toThrow(
        RequestKindMismatchError,
      );
    });

    it('has the session asking while a question waits, and working once all are answered', async () => {
      const id = await askQuestions();
      expect((await permissions.getById(id))?.session).toMatchObject({ state: 'asking' });
      clock.advance(SECOND);
      const first = await answers.choose(id, 0, 0, '@ana');
      // One question of two: Claude still waits.
      expect(first.session).toMatchObject({ state: 'asking' });
      clock.advance(SECOND);
      await answers.choose(id, 1, 2, '@ana');
      const done = await answers.finish(id, 1, '@ana');
      expect(done).toMatchObject({ completed: true });
      expect(done.session).toMatchObject({ state: 'working', stateSince: clock.now() });
      expect((await permissions.getById(id))?.session).toEqual(done.session);
    });

    it('keeps answers in the database, for the other process to read', async () => {
      const id = await askQuestions();
      await answers.choose(id, 1, 0, '@ana');
      const other = await dbs.open(await dbs.location());
      const seen = await new PermissionStore(other).getById(id);
      expect(seen?.request.answers).toEqual([expect.objectContaining({ options: [0] })]);
      await new AnswerStore(other, { clock: clock.now }).choose(id, 1, 2, '@bob');
      expect((await permissions.getById(id))?.request.answers[0]?.options).toEqual([0, 2]);
    });
  });

  describe('plans', () => {
    it('approves a plan', async () => {
      const id = await askPlan();
      const approved = await answers.approvePlan(id, '@ana');
      expect(approved).toMatchObject({ changed: true, completed: true });
      expect(approved.request).toMatchObject({
        status: 'allow',
        decidedBy: '@ana',
        feedback: null,
      });
      expect(await answers.approvePlan(id, '@bob')).toMatchObject({
        changed: false,
        refusal: 'closed',
      });
    });

    it('has the session asking while a plan waits, and working once it is approved', async () => {
      const id = await askPlan();
      expect((await permissions.getById(id))?.session).toMatchObject({ state: 'asking' });
      clock.advance(SECOND);
      const approved = await answers.approvePlan(id, '@ana');
      expect(approved.session).toMatchObject({ state: 'working', stateSince: clock.now() });
    });

    it('asks for feedback, then sends the plan back with it', async () => {
      const id = await askPlan();
      const asking = await answers.askFeedback(id);
      expect(asking).toMatchObject({ changed: true, completed: false });
      // Keep planning alone answers nothing: Claude still waits for the words.
      expect(asking.session).toMatchObject({ state: 'asking' });
      expect(asking.request).toMatchObject({ status: 'pending', feedbackAskedAt: clock.now() });
      expect(await answers.sendBackPlan(id, ' ', '@ana')).toMatchObject({ refusal: 'empty' });
      const sent = await answers.sendBackPlan(id, 'Rename the icon too.\n', '@ana');
      expect(sent).toMatchObject({ changed: true, completed: true });
      expect(sent.session).toMatchObject({ state: 'working' });
      expect(sent.request).toMatchObject({
        status: 'deny',
        decidedBy: '@ana',
        feedback: 'Rename the icon too.',
      });
    });

    it('takes nothing once its CLI stopped waiting', async () => {
      const id = await askPlan();
      clock.advance(60 * SECOND);
      expect(await answers.approvePlan(id, '@ana')).toMatchObject({
        changed: false,
        refusal: 'expired',
      });
      expect((await permissions.getById(id))?.request.status).toBe('pending');
    });
  });

  describe('several hub-bot replicas on one database', () => {
    /** A second hub-bot: a DataSource of its own on the same database. */
    async function replica(): Promise<{ answers: AnswerStore; permissions: PermissionStore }> {
      const other = await dbs.open(await dbs.location());
      return {
        answers: new AnswerStore(other, { clock: clock.now }),
        permissions: new PermissionStore(other, { clock: clock.now }),
      };
    }

    const answerRows = (id: number) =>
      rowsOf(
        dataSource,
        'SELECT "question_index", "options", "answered_by" FROM "question_answers" WHERE "permission_id" = :id ORDER BY "question_index"',
        { id },
      );

    it('counts both of two presses at once on a multiple choice, in one row', async () => {
      const other = await replica();
      for (let round = 0; round < 5; round++) {
        const id = await askQuestions();
        const results = await Promise.all([
          answers.choose(id, 1, 0, '@ana'),
          other.answers.choose(id, 1, 2, '@bob'),
        ]);
        expect(results.map((result) => result.changed)).toEqual([true, true]);
        expect(await answerRows(id)).toEqual([
          { question_index: 1, options: '[0,2]', answered_by: null },
        ]);
      }
    });

    it('takes one of two answers at once to a single choice, and refuses the other as answered', async () => {
      const other = await replica();
      for (let round = 0; round < 5; round++) {
        const id = await askQuestions();
        const [ana, bob] = await Promise.all([
          answers.choose(id, 0, 0, '@ana'),
          other.answers.choose(id, 0, 1, '@bob'),
        ]);
        const taken = ana.changed ? ana : bob;
        const refused = ana.changed ? bob : ana;
        expect(refused).toMatchObject({ changed: false, refusal: 'answered' });
        expect(await answerRows(id)).toEqual([
          {
            question_index: 0,
            options: JSON.stringify(taken.request.answers[0]?.options),
            answered_by: taken === ana ? '@ana' : '@bob',
          },
        ]);
      }
    });

    it('lets either the last answer or the terminal close a request, never both', async () => {
      const other = await replica();
      for (let round = 0; round < 5; round++) {
        const id = await askQuestions();
        await answers.choose(id, 0, 0, '@ana');
        await answers.choose(id, 1, 1, '@ana');
        const requestId = (await permissions.getById(id))?.request.requestId ?? '';
        const [done, terminal] = await Promise.all([
          answers.finish(id, 1, '@ana'),
          other.permissions.answeredOnServer('kr4', requestId),
        ]);
        expect([done.completed, terminal.changed].filter(Boolean)).toHaveLength(1);
        const status = (await permissions.getById(id))?.request.status;
        if (done.completed) {
          expect(status).toBe('allow');
        } else {
          expect(done).toMatchObject({ changed: false, refusal: 'closed' });
          expect(status).toBe('answered-on-server');
        }
      }
    });
  });
});
