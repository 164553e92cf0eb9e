import { claudeHookFixture } from '@ccr/testing';
import { permissionHookOutput, planFeedbackMessage, requestHookOutput } from './permission';

const suggestion = {
  type: 'addRules',
  rules: [{ toolName: 'Bash', ruleContent: 'npm test' }],
  behavior: 'allow',
  destination: 'localSettings',
};

describe('permissionHookOutput', () => {
  it('allow', () => {
    expect(permissionHookOutput('allow', [suggestion])).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } },
    });
  });

  it('allow for this session echoes the first suggestion with destination "session"', () => {
    expect(permissionHookOutput('allow-session', [suggestion])).toEqual({
      hookSpecificOutput: {
        hookEventName: 'PermissionRequest',
        decision: {
          behavior: 'allow',
          updatedPermissions: [{ ...suggestion, destination: 'session' }],
        },
      },
    });
    expect(permissionHookOutput('allow-session', [])?.hookSpecificOutput.decision).toEqual({
      behavior: 'allow',
    });
  });

  it('deny says who denied it', () => {
    expect(permissionHookOutput('deny', undefined, '@ana')?.hookSpecificOutput.decision).toEqual({
      behavior: 'deny',
      message: 'Denied from Telegram by @ana.',
    });
  });

  it.each(['pending', 'expired', 'answered-on-server'] as const)('%s prints nothing', (status) => {
    expect(permissionHookOutput(status, [suggestion])).toBeNull();
  });
});

describe('requestHookOutput', () => {
  const questionInput = claudeHookFixture('real-2.1.328/permission-request-ask-user-question').json[
    'tool_input'
  ] as Record<string, unknown>;
  const planInput = claudeHookFixture('real-2.1.328/permission-request-exit-plan-mode').json[
    'tool_input'
  ] as Record<string, unknown>;
  const question = { toolName: 'AskUserQuestion', toolInput: questionInput };

  it('answers a question as the real Claude Code 2.1.328 took it: allow, the questions, and answers', () => {
    expect(requestHookOutput(question, { status: 'allow', answers: [{ options: [1] }] })).toEqual(
      claudeHookFixture('real-2.1.328/answer-ask-user-question').json,
    );
  });

  it('joins several choices and the words of "Other…" with ", "', () => {
    const multi = {
      toolName: 'AskUserQuestion',
      toolInput: {
        questions: [
          { ...(questionInput['questions'] as object[])[0], multiSelect: true },
          {
            question: 'Anything else?',
            header: 'More',
            options: [{ label: 'No', description: '' }],
            multiSelect: false,
          },
        ],
      },
    };
    const output = requestHookOutput(multi, {
      status: 'allow',
      answers: [
        { options: [0, 1], other: ' green ' },
        { options: [], other: 'a border' },
      ],
    });
    expect(output?.hookSpecificOutput.decision).toEqual({
      behavior: 'allow',
      updatedInput: {
        ...multi.toolInput,
        answers: {
          'Which colour should the button be?': 'Red, Blue, green',
          'Anything else?': 'a border',
        },
      },
    });
  });

  it('prints nothing for a question not answered in full, or answered with what it does not offer', () => {
    expect(requestHookOutput(question, { status: 'allow' })).toBeNull();
    expect(requestHookOutput(question, { status: 'allow', answers: [{ options: [] }] })).toBeNull();
    expect(
      requestHookOutput(question, { status: 'allow', answers: [{ options: [5] }] }),
    ).toBeNull();
    expect(
      requestHookOutput(question, { status: 'expired', answers: [{ options: [0] }] }),
    ).toBeNull();
    expect(requestHookOutput(question, { status: 'answered-on-server' })).toBeNull();
  });

  it('approves a plan with its input unchanged, which takes Claude out of plan mode', () => {
    for (const toolInput of [planInput, {}]) {
      expect(
        requestHookOutput({ toolName: 'ExitPlanMode', toolInput }, { status: 'allow' })
          ?.hookSpecificOutput.decision,
      ).toEqual({ behavior: 'allow', updatedInput: toolInput });
    }
  });

  it('sends a plan back with the feedback as the deny message', () => {
    const plan = { toolName: 'ExitPlanMode', toolInput: planInput };
    expect(
      requestHookOutput(plan, {
        status: 'deny',
        decidedBy: '@ana',
        feedback: 'Rename the icon too',
      })?.hookSpecificOutput.decision,
    ).toEqual({
      behavior: 'deny',
      message:
        'Keep planning: the plan was sent back from Telegram by @ana, who wrote:\nRename the icon too',
    });
    expect(planFeedbackMessage(undefined)).toBe(
      'Keep planning: the plan was sent back from Telegram.',
    );
    expect(requestHookOutput(plan, { status: 'expired' })).toBeNull();
  });

  it('answers any other tool as permissionHookOutput does', () => {
    const bash = { toolName: 'Bash', toolInput: { command: 'ls' }, suggestions: [suggestion] };
    expect(requestHookOutput(bash, { status: 'allow-session' })).toEqual(
      permissionHookOutput('allow-session', [suggestion]),
    );
    expect(requestHookOutput(bash, { status: 'deny', decidedBy: '@ana' })).toEqual(
      permissionHookOutput('deny', [suggestion], '@ana'),
    );
  });
});
