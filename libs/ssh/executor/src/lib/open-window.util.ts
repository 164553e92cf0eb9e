import { FIELD_LIMITS, isPlainTmuxSessionName } from '@ccr/protocol';
import type { RunResult } from './command-runner.types';
import { ExecutorError, ExecutorErrorCode } from './executor.error';
import type { ServerConfig } from './server-config.types';
import { excerpt } from './tmux-output.util';

/** What `openWindow` starts: a program with its arguments, in a folder, in a tmux session. */
export interface OpenWindowRequest {
  /** The tmux session to open the window in; created when missing. A plain name (`ccr`). */
  session: string;
  /** Absolute, or in the home folder of the user the server runs commands as (`~/webapp`). */
  folder: string;
  /** The program and its arguments, each word as it is: never read by a shell. */
  command: readonly string[];
}

/** Where the program runs. */
export interface OpenedWindow {
  session: string;
  /** The window index (`#I`). */
  window: string;
  /** The pane id (`%12`): where to type, and what to close. */
  pane: string;
  /** The folder as the server resolved it: `~` expanded, symbolic links followed. */
  folder: string;
  /** The program as found on the server's PATH. */
  program: string;
}

/*
 * POSIX sh scripts with fixed text: the folder and the program reach them as positional
 * parameters ("$1", "$2"), which the shell never reads as code. Over SSH every word, the script
 * included, is single-quoted (quoteShellArg); locally they are an argument array.
 */

/**
 * Checks the folder and the program the way the window will use them: expands `~`, enters the
 * folder, prints its physical path, then the program found by `command -v` (a path to an
 * executable file, never a shell builtin). Exit 3: no such folder; 4: not a folder; 5: cannot
 * enter it; 6: no such program (the PATH searched is printed).
 */
export const CHECK_SCRIPT = [
  'dir=$1',
  'case $dir in "~") dir=${HOME:?} ;; "~/"*) dir=${HOME:?}/${dir#"~/"} ;; esac',
  `[ -e "$dir" ] || { printf '%s\\n' "$dir"; exit 3; }`,
  `[ -d "$dir" ] || { printf '%s\\n' "$dir"; exit 4; }`,
  `cd -- "$dir" 2>/dev/null || { printf '%s\\n' "$dir"; exit 5; }`,
  'pwd -P',
  'found=$(command -v -- "$2") || found=',
  'case $found in /*) ;; */*) found=$PWD/$found ;; *) found= ;; esac',
  `if [ -n "$found" ] && [ -f "$found" ] && [ -x "$found" ]; then printf '%s\\n' "$found"; exit 0; fi`,
  `printf '%s\\n' "$PATH"`,
  'exit 6',
].join('\n');

/** The window's own command: into the checked folder, then the program in place of the shell. */
export const WINDOW_SCRIPT = 'cd -- "$1" || exit; shift; exec "$@"';

/** `$0` of both scripts: what `ps` shows while they run. */
const SCRIPT_NAME = 'ccr-open-window';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

function invalid(serverId: string, message: string): ExecutorError {
  return new ExecutorError(ExecutorErrorCode.InvalidArgument, message, { serverId });
}

/** Refuses, before anything runs, a request no window should be opened for. */
export function assertOpenWindowRequest(request: OpenWindowRequest, serverId: string): void {
  if (!isPlainTmuxSessionName(request.session)) {
    throw new ExecutorError(
      ExecutorErrorCode.InvalidTarget,
      `"${String(request.session).slice(0, 80)}" is not a tmux session name the hub opens ` +
        'windows in: letters, digits, "_" and "-", not starting with "-".',
      { serverId },
    );
  }
  const folder = request.folder;
  if (typeof folder !== 'string' || folder.trim() === '') {
    throw invalid(serverId, 'Say which folder to start in.');
  }
  if (CONTROL.test(folder)) {
    throw invalid(serverId, 'The folder name holds control characters; no folder is named so.');
  }
  if (folder.length > FIELD_LIMITS.cwd) {
    throw invalid(serverId, `The folder name is longer than ${FIELD_LIMITS.cwd} characters.`);
  }
  const command = request.command;
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    command.some((word) => typeof word !== 'string' || word === '' || CONTROL.test(word))
  ) {
    throw invalid(
      serverId,
      'The command to start must be a program and its arguments, each a non-empty word ' +
        'without control characters.',
    );
  }
}

export function checkArgv(folder: string, program: string): string[] {
  return ['sh', '-c', CHECK_SCRIPT, SCRIPT_NAME, folder, program];
}

/** The argv tmux runs in the new window: always more than one word, so never via a shell. */
export function windowArgv(folder: string, program: string, args: readonly string[]): string[] {
  return ['sh', '-c', WINDOW_SCRIPT, SCRIPT_NAME, folder, program, ...args];
}

/** `=ccr`: the session of exactly that name, never one whose name starts so. */
export function exactSession(session: string): string {
  return `=${session}`;
}

/**
 * What `-P -F` prints for a new window: session, window index and pane id. Spaces part them
 * (a plain session name has none): tmux prints a tab as `_` when no UTF-8 locale is set, as
 * over SSH.
 */
export const NEW_WINDOW_FORMAT = '#{session_name} #{window_index} #{pane_id}';

export function hasSessionArgs(session: string): string[] {
  return ['has-session', '-t', exactSession(session)];
}

/** A detached session whose first window runs `argv`. */
export function newSessionArgs(session: string, argv: readonly string[]): string[] {
  return ['new-session', '-d', '-s', session, '-P', '-F', NEW_WINDOW_FORMAT, '--', ...argv];
}

/** A window at the session's next free index, without switching an attached client to it. */
export function newWindowArgs(session: string, argv: readonly string[]): string[] {
  return [
    'new-window',
    '-d',
    '-t',
    `${exactSession(session)}:`,
    '-P',
    '-F',
    NEW_WINDOW_FORMAT,
    '--',
    ...argv,
  ];
}

/** The window that holds the pane. */
export function killWindowArgs(pane: string): string[] {
  return ['kill-window', '-t', pane];
}

/** tmux's answer when another command made the session first. */
export function isDuplicateSession(stderr: string): boolean {
  return /duplicate session/i.test(stderr);
}

/** Reads `session window pane` as NEW_WINDOW_FORMAT prints it. */
export function parseNewWindow(
  stdout: string,
  serverId: string,
): { session: string; window: string; pane: string } {
  const [session = '', window = '', pane = ''] = stdout.trim().split(' ');
  if (!/^\d+$/.test(window) || !/^%\d+$/.test(pane)) {
    throw new ExecutorError(
      ExecutorErrorCode.TmuxFailed,
      `tmux opened a window on server "${serverId}" but did not say where: "${excerpt(stdout)}".`,
      { serverId },
    );
  }
  return { session, window, pane };
}

/** Where the commands run, for messages: `dev@10.0.0.4` or `the hub itself`. */
export function runsAs(server: ServerConfig): string {
  return server.type === 'remote' ? `${server.user}@${server.host}` : 'the hub itself';
}

/**
 * The checked folder and program, or the error that says what is missing and how it was
 * looked for.
 */
export function checkedWindow(
  result: RunResult,
  server: ServerConfig,
  request: OpenWindowRequest,
): { folder: string; program: string } {
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  const program = request.command[0] ?? '';
  const at = `on server "${server.id}" (as ${runsAs(server)})`;
  const resolved = lines[0] ?? request.folder;
  const named = resolved === request.folder ? request.folder : `${request.folder} (${resolved})`;
  switch (result.code) {
    case 0:
      if (lines.length === 2 && lines[0] && lines[1]) {
        return { folder: lines[0], program: lines[1] };
      }
      break;
    case 3:
      return folderError(`There is no folder ${named} ${at}.`, server.id);
    case 4:
      return folderError(`${named} ${at} is not a folder.`, server.id);
    case 5:
      return folderError(`The folder ${named} ${at} cannot be entered (permissions).`, server.id);
    case 6:
      throw new ExecutorError(
        ExecutorErrorCode.CommandNotFound,
        `"${program}" was not found ${at}: "command -v ${program}" found no program on ` +
          `PATH=${lines[1] ?? '(unset)'} (looked in ${resolved}).`,
        { serverId: server.id },
      );
    default:
      break;
  }
  throw new ExecutorError(
    ExecutorErrorCode.TmuxFailed,
    `Checking the folder and program ${at} failed with exit code ${result.code ?? 'none'}: ` +
      `${excerpt(result.stderr) || excerpt(result.stdout) || 'no message'}`,
    { serverId: server.id },
  );
}

function folderError(message: string, serverId: string): never {
  throw new ExecutorError(ExecutorErrorCode.FolderMissing, message, { serverId });
}
