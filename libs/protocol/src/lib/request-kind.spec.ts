import { claudeHookFixture } from '@ccr/testing';
import {
  askedQuestionsOf,
  presentedPlanOf,
  requestKindOf,
  QUESTION_LIMITS,
  type AskedQuestion,
} from './request-kind';

const asked = claudeHookFixture('real-2.1.328/permission-request-ask-user-question').json;
const plan = claudeHookFixture('real-2.1.328/permission-request-exit-plan-mode').json;
const inputOf = (payload: Record<string, unknown>) =>
  payload['tool_input'] as Record<string, unknown>;

function question(overrides: Partial<AskedQuestion> = {}): AskedQuestion {
  return {
    question: 'Which one?',
    header: 'Pick',
    options: [
      { label: 'A', description: 'first' },
      { label: 'B', description: 'second' },
    ],
    multiSelect: false,
    ...overrides,
  };
}

describe('requestKindOf', () => {
  it('tells a question, a plan and any other tool apart by the tool (real 2.1.328 payloads)', () => {
    expect(requestKindOf('AskUserQuestion', inputOf(asked))).toBe('question');
    expect(requestKindOf('ExitPlanMode', inputOf(plan))).toBe('plan');
    expect(requestKindOf('ExitPlanMode', {})).toBe('plan');
    expect(requestKindOf('Bash', { command: 'ls' })).toBe('permission');
    expect(requestKindOf('mcp__db__query', { questions: inputOf(asked)['questions'] })).toBe(
      'permission',
    );
  });

  it('asks a question of a shape it does not know like any other tool', () => {
    expect(requestKindOf('AskUserQuestion', {})).toBe('permission');
    expect(requestKindOf('AskUserQuestion', { questions: 'Which?' })).toBe('permission');
  });
});

describe('askedQuestionsOf', () => {
  it('reads the real payload: header, question, options with descriptions, multiSelect', () => {
    expect(askedQuestionsOf(inputOf(asked))).toEqual([
      {
        question: 'Which colour should the button be?',
        header: 'Colour',
        options: [
          { label: 'Red', description: 'the warm one' },
          { label: 'Blue', description: 'the cool one' },
        ],
        multiSelect: false,
      },
    ]);
  });

  it('fills what may be missing and refuses what cannot be answered', () => {
    expect(
      askedQuestionsOf({ questions: [{ question: 'Q?', options: [{ label: 'x' }] }] }),
    ).toEqual([
      {
        question: 'Q?',
        header: '',
        options: [{ label: 'x', description: '' }],
        multiSelect: false,
      },
    ]);
    expect(askedQuestionsOf({ questions: [] })).toBeNull();
    expect(askedQuestionsOf({ questions: [question({ question: ' ' })] })).toBeNull();
    expect(askedQuestionsOf({ questions: [question({ options: [] })] })).toBeNull();
    expect(
      askedQuestionsOf({ questions: [question({ options: [{ label: '', description: '' }] })] }),
    ).toBeNull();
    // Answers are keyed by the question's text: two alike could not both be answered.
    expect(askedQuestionsOf({ questions: [question(), question()] })).toBeNull();
  });

  it('keeps every index to one digit', () => {
    const many = Array.from({ length: QUESTION_LIMITS.questions + 1 }, (_, i) =>
      question({ question: `Q${i}?` }),
    );
    expect(askedQuestionsOf({ questions: many })).toBeNull();
    expect(askedQuestionsOf({ questions: many.slice(1) })).toHaveLength(QUESTION_LIMITS.questions);
    const options = Array.from({ length: QUESTION_LIMITS.options + 1 }, (_, i) => ({
      label: `o${i}`,
      description: '',
    }));
    expect(askedQuestionsOf({ questions: [question({ options })] })).toBeNull();
  });
});

describe('presentedPlanOf', () => {
  it('reads the plan and its file, or says there is none', () => {
    expect(presentedPlanOf(inputOf(plan))).toEqual({
      text: '## Plan: rename the button\n1. Change the label in `button.tsx`\n2. Update the snapshot test',
      filePath: '/home/dev/.claude/plans/rename-the-button.md',
    });
    expect(presentedPlanOf({})).toEqual({ text: null, filePath: null });
    expect(presentedPlanOf({ plan: '  ', planFilePath: '/p.md' })).toEqual({
      text: null,
      filePath: '/p.md',
    });
  });
});
