import { fixtureInput } from '../../../test/support/fixtures';
import { notificationTypeFor } from './notification-type.util';

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
