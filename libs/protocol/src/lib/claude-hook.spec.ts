import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SESSION_EVENTS,
  isSessionEvent,
  notificationTypeForHook,
  type ClaudeHookInput,
} from './claude-hook';

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

describe('isSessionEvent', () => {
  it.each([
    ['session-start.json', true],
    ['user-prompt-submit.json', true],
    ['session-end.json', true],
    ['stop.json', false],
    ['notification-idle.json', false],
    ['permission-request.json', false],
    ['subagent-stop.json', false],
  ])('%s → %s', (file, expected) => {
    expect(isSessionEvent(load(file).hook_event_name)).toBe(expected);
  });

  it('knows the three events by their exact names, and nothing else', () => {
    expect(SESSION_EVENTS).toEqual(['SessionStart', 'UserPromptSubmit', 'SessionEnd']);
    for (const other of ['sessionstart', 'Stop', '', undefined, 3]) {
      expect(isSessionEvent(other)).toBe(false);
    }
  });
});
