import type { CommandDefinition } from '../commands/command.interface';
import { VERSION } from '../version.constant';

/** `remote-hook --help`. */
export function overviewHelp(commands: readonly CommandDefinition[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  const list = (hook: boolean): string[] =>
    commands
      .filter((command) => command.hookCommand === hook)
      .map((command) => `  ${command.name.padEnd(width)}${command.summary}`);
  return [
    `remote-hook ${VERSION}: tells a Claude Code Remote hub when Claude Code finishes, waits for`,
    'input, asks for a permission or fails, so that the hub can tell you on Telegram.',
    '',
    'Usage: remote-hook <command> [options]',
    '',
    'Run by Claude Code as hooks (exit 0 even when the hub is down; nothing on stdout but',
    "permission-request's answer from Telegram):",
    ...list(true),
    '',
    'Set-up and upkeep:',
    ...list(false),
    '',
    'Options:',
    '  -h, --help       this text; "remote-hook help <command>" for one command',
    '  -v, --version    the version',
    '',
    "Configuration: SERVER_ID, CENTRAL_HUB_ENDPOINT (the hub's /notify URL) and SHARED_SECRET,",
    'from the environment or from the file "remote-hook install" writes ($CCR_CONFIG, else',
    '$XDG_CONFIG_HOME/ccr/remote-hook.json, else ~/.config/ccr/remote-hook.json); the',
    'environment wins. Undelivered events wait in $CCR_SPOOL_DIR, else',
    '$XDG_STATE_HOME/ccr/spool, else ~/.local/state/ccr/spool. PERMISSION_TIMEOUT (seconds,',
    'default 300) bounds the wait for an answer to a permission request.',
    '',
    'Quick start: remote-hook install --server-id kr4 --endpoint http://HUB:3001/notify --secret S',
    '             remote-hook doctor',
  ].join('\n');
}

/** `remote-hook help <command>` and `remote-hook <command> --help`. */
export function commandHelp(command: CommandDefinition): string {
  return [`Usage: ${command.usage}`, '', `${capitalize(command.summary)}.`, '', command.help].join(
    '\n',
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
