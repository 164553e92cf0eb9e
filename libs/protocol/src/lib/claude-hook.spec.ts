import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notificationTypeForHook, type ClaudeHookInput } from './claude-hook';

const fixtures = join(__dirname, '../../../testing/fixtures/claude-hooks');
const load = (name: string): ClaudeHookInput =>
  JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as ClaudeHookInput;

describe('notificationTypeForHook', () => {
  it.each([
    ['stop.json', 'completed'],
    ['stop-no-last-message.json', 'completed'],
    ['notification-idle.json', 'waiting'],
    ['notification-permission.json', 'permission'],
    ['stop-failure.json', 'failed'],
    ['subagent-stop.json', null],
    ['session-start.json', null],
    ['session-end.json', null],
    ['permission-request.json', null],
  ])('%s → %s', (file, expected) => {
    expect(notificationTypeForHook(load(file))).toBe(expected);
  });

  it('ignores a Notification of another kind', () => {
    expect(
      notificationTypeForHook({
        hook_event_name: 'Notification',
        notification_type: 'auth_success',
      }),
    ).toBeNull();
  });
});
