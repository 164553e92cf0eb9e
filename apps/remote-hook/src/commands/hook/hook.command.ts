import type { CommandDefinition } from '../command.interface';
import { sendNotification } from '../notify/send-notification.util';

export const HOOK_COMMAND: CommandDefinition = {
  name: 'hook',
  summary: 'read the hook event from stdin and send what it is worth to the hub',
  usage: 'remote-hook hook',
  help: [
    'The command "remote-hook install" registers. Reads Claude Code\'s hook JSON from stdin and',
    'sends, by hook_event_name:',
    '  Stop                              completed',
    '  Notification (idle_prompt)        waiting',
    '  Notification (permission_prompt)  permission',
    '  StopFailure                       failed',
    '  SubagentStop                      completed, only when CCR_EXTRA_EVENTS=SubagentStop',
    '                                    or "extraEvents": ["SubagentStop"] in the config file',
    '  SessionStart, UserPromptSubmit,   a session event: no message, the hub learns that the',
    '  SessionEnd                        session started, works on a prompt, or ended',
    'Any other event is ignored: nothing is sent. A prompt itself is never sent, only its id.',
    '',
    "Claude's last reply comes from last_assistant_message, else from the end of the",
    'transcript. The tmux session, window and pane come from $TMUX and $TMUX_PANE, the project',
    "from the git work tree around the hook's cwd.",
    '',
    'Prints nothing on stdout and exits 0 even when the hub is down or the config is missing',
    '(one line on stderr says why). The whole run stays within CCR_HOOK_TIMEOUT_MS (default 3000).',
    'Every event is spooled first and the spool is then delivered oldest first, so an event',
    'the hub could not take goes out, in order, with the next run or "remote-hook flush".',
  ].join('\n'),
  hookCommand: true,
  run: (ctx) => sendNotification(ctx, {}),
};
