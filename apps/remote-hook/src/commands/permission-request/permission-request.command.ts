import { DEFAULT_PERMISSION_TIMEOUT_SECONDS } from '@ccr/protocol';
import { MAX_PERMISSION_TIMEOUT_SECONDS } from '../../config/config.constant';
import { PERMISSION_HOOK_MARGIN_SECONDS } from '../../claude-settings/own-hooks.constant';
import type { CommandDefinition } from '../command.interface';
import { requestPermission } from './request-permission.util';

export const PERMISSION_REQUEST_COMMAND: CommandDefinition = {
  name: 'permission-request',
  summary: 'ask on Telegram what Claude asks in its dialog; print the answer',
  usage: 'remote-hook permission-request',
  help: [
    'The command "remote-hook install" registers for the PermissionRequest hook. Reads the',
    'hook JSON from stdin (tool_name, tool_input, permission_suggestions), sends it signed to',
    "the hub's POST /permissions, which shows it on Telegram, then long-polls POST",
    '/permissions/wait for the answer:',
    '  - a tool: Allow, Allow for session (the first permission suggestion, for this session)',
    '    or Deny;',
    '  - AskUserQuestion: the options chosen (or words of ones own) for every question, printed',
    '    as allow with updatedInput = the questions and their answers;',
    '  - ExitPlanMode: Approve (allow with updatedInput: Claude leaves plan mode) or Keep',
    '    planning (deny with the feedback written on Telegram: Claude revises the plan).',
    "It prints Claude Code's hook answer on stdout, one JSON line, and exits 0.",
    '',
    'Claude Code shows its own dialog at the same time and takes the first answer. When the',
    "dialog is answered in the terminal, the hook sees the call's outcome in the session's",
    'transcript (transcript_path), tells the hub (POST /permissions/answered-on-server, so the',
    "chat's message says so) and exits. Whenever there is no answer from Telegram (the request",
    'expired, it was answered in the terminal, the wait timed out, the hub is down or refused',
    'it, the config is missing) it prints nothing on stdout and exits 0, with one line on',
    'stderr at most. A poll that fails (network, HTTP 5xx) is tried again until the wait is',
    'over. Nothing is spooled.',
    '',
    'It waits up to PERMISSION_TIMEOUT seconds (config file: "permissionTimeoutSeconds"),',
    `${DEFAULT_PERMISSION_TIMEOUT_SECONDS} by default, at most ${MAX_PERMISSION_TIMEOUT_SECONDS}. "remote-hook install" gives the hook a`,
    `timeout ${PERMISSION_HOOK_MARGIN_SECONDS} s longer; run it again after changing the value. Ended with SIGTERM`,
    '(Claude Code does so at the hook timeout), it exits 0 without a word.',
  ].join('\n'),
  hookCommand: true,
  // Bounded by its own wait (and Claude Code's hook timeout), not by CCR_HOOK_TIMEOUT_MS.
  maxRunMs: () => (MAX_PERMISSION_TIMEOUT_SECONDS + PERMISSION_HOOK_MARGIN_SECONDS) * 1000,
  run: (ctx) => requestPermission(ctx),
};
