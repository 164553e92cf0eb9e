import { NOTIFICATION_TYPES, type NotificationType } from '@ccr/protocol';
import type { CommandDefinition } from '../command.interface';
import { sendNotification } from './send-notification.util';

const EVENTS: Record<NotificationType, string> = {
  completed: 'Claude finished its turn',
  waiting: 'Claude waits for input',
  permission: 'Claude asks for a permission',
  failed: 'the turn ended on an API error',
};

function notifyCommand(type: NotificationType): CommandDefinition {
  return {
    name: type,
    summary: `send "${type}": ${EVENTS[type]}`,
    usage: `remote-hook ${type}`,
    help: [
      `Sends a "${type}" notification whatever the hook event. When stdin is not a terminal it`,
      "reads Claude Code's hook JSON from it (for at most 1 s) and sends the same details as",
      '"remote-hook hook": session, cwd, tmux pane, last reply.',
      '',
      'Prints nothing on stdout and exits 0 even when the hub is down or the config is missing;',
      'an event it could not deliver is spooled and sent by the next run or "remote-hook flush".',
    ].join('\n'),
    hookCommand: true,
    run: (ctx) => sendNotification(ctx, { type }),
  };
}

export const NOTIFY_COMMANDS: readonly CommandDefinition[] = NOTIFICATION_TYPES.map(notifyCommand);
