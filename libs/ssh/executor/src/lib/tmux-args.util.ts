import { randomBytes } from 'node:crypto';
import type { ServerConfig } from './server-config.types';

/** The tmux program and socket options that start every command line for `server`. */
export function tmuxBaseArgv(server: ServerConfig): string[] {
  const argv = [server.tmuxPath ?? 'tmux'];
  const socket = server.tmuxSocket;
  if (socket && 'path' in socket) argv.push('-S', socket.path);
  else if (socket && 'name' in socket) argv.push('-L', socket.name);
  return argv;
}

/**
 * tmux reads a command argument that ends in `;` as the end of the command (and drops the
 * `;`), and one that ends in `\;` as a literal `;`. A backslash before a final `;` makes every
 * argument arrive as given: `x;` → `x\;` → `x;`, `a\;` → `a\\;` → `a\;`.
 */
export function escapeTmuxArg(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/** The full argv for a tmux command on `server`; its arguments reach tmux unchanged. */
export function tmuxArgv(server: ServerConfig, commandArgs: readonly string[]): string[] {
  // The socket options are read by getopt, before and apart from the command parser.
  return [...tmuxBaseArgv(server), ...commandArgs.map(escapeTmuxArg)];
}

/** `-l` makes every character literal; `--` keeps text that starts with `-` from being an option. */
export function sendLiteralArgs(pane: string, text: string): string[] {
  return ['send-keys', '-t', pane, '-l', '--', text];
}

export function sendKeyNamesArgs(pane: string, keys: readonly string[]): string[] {
  return ['send-keys', '-t', pane, ...keys];
}

/** The buffer's contents come from stdin, never from the command line. */
export function loadBufferArgs(bufferName: string): string[] {
  return ['load-buffer', '-b', bufferName, '-'];
}

/** `-p`: bracketed paste when the program asked for it; `-d`: delete the buffer afterwards. */
export function pasteBufferArgs(pane: string, bufferName: string): string[] {
  return ['paste-buffer', '-p', '-d', '-b', bufferName, '-t', pane];
}

export function deleteBufferArgs(bufferName: string): string[] {
  return ['delete-buffer', '-b', bufferName];
}

/** `-J` joins wrapped lines, so a long line comes back as one. */
export function capturePaneArgs(pane: string, lines: number): string[] {
  return ['capture-pane', '-p', '-J', '-t', pane, '-S', `-${lines}`];
}

/**
 * Reads one line of the pane: a read-only command that fails for a missing pane.
 * (`display-message -t` does not: it falls back to another pane or prints nothing.)
 */
export function paneProbeArgs(pane: string): string[] {
  return ['capture-pane', '-p', '-t', pane, '-S', '0', '-E', '0'];
}

export function versionArgs(): string[] {
  return ['-V'];
}

/** A name no other paste (from this hub or another) will pick. */
export function uniqueBufferName(): string {
  return `ccr-${randomBytes(8).toString('hex')}`;
}
