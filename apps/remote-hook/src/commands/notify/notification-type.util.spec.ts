import { fixtureInput } from '../../../test/support/fixtures';
import { hookEventKindFor, notificationTypeFor } from './notification-type.util';

describe('notificationTypeFor', () => {
  it.each([
    ['stop.json', 'completed'],
    ['stop-no-last-message.json', 'completed'],
    ['notification-idle.json', 'waiting'],
    ['notification-permission.json', 'permission'],
    ['stop-failure.json', 'failed'],
    ['subagent-stop.json', null],
    ['permission-request.json', null],
    ['session-start.json', null],
    ['session-end.json', null],
    ['user-prompt-submit.json', null],
  ] as const)('%s → %s', (fixture, type) => {
    expect(notificationTypeFor(fixtureInput(fixture), [])).toBe(type);
  });

  it('sends SubagentStop as completed when configured', () => {
    expect(notificationTypeFor(fixtureInput('subagent-stop.json'), ['SubagentStop'])).toBe(
      'completed',
    );
    expect(notificationTypeFor(fixtureInput('session-start.json'), ['SubagentStop'])).toBeNull();
  });
});

describe('hookEventKindFor', () => {
  it.each([
    ['stop.json', { kind: 'notification', type: 'completed' }],
    ['notification-idle.json', { kind: 'notification', type: 'waiting' }],
    ['session-start.json', { kind: 'session', event: 'SessionStart' }],
    ['user-prompt-submit.json', { kind: 'session', event: 'UserPromptSubmit' }],
    ['session-end.json', { kind: 'session', event: 'SessionEnd' }],
    ['subagent-stop.json', null],
    ['permission-request.json', null],
  ] as const)('%s → %j', (fixture, kind) => {
    expect(hookEventKindFor(fixtureInput(fixture), [])).toEqual(kind);
  });
});
