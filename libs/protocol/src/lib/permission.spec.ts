import { permissionHookOutput } from './permission';

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
