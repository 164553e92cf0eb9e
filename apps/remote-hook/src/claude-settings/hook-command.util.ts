import { HOOK_MARKER, type HookSubcommand } from './own-hooks.constant';

/** One POSIX shell word: single quotes, with embedded quotes closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The Node binary and CLI file an installed hook runs. */
export interface HookLauncher {
  nodePath: string;
  scriptPath: string;
}

/**
 * The command Claude Code runs: this Node and this main.js by absolute path, so it neither
 * depends on PATH nor goes through npx (slow, and it may prompt).
 */
export function buildHookCommand(
  nodePath: string,
  scriptPath: string,
  subcommand: HookSubcommand = 'hook',
): string {
  return `${shellQuote(nodePath)} ${shellQuote(scriptPath)} ${subcommand} ${HOOK_MARKER}`;
}

export function isOwnCommand(command: unknown): boolean {
  return typeof command === 'string' && command.trimEnd().endsWith(HOOK_MARKER);
}

/** The single-quoted words at the start of a command built by buildHookCommand. */
export function quotedWords(command: string): string[] {
  const words: string[] = [];
  let rest = command.trimStart();
  for (;;) {
    const match = /^'((?:[^']|'\\'')*)'(?:\s+|$)/.exec(rest);
    if (!match) return words;
    words.push(match[1].replace(/'\\''/g, "'"));
    rest = rest.slice(match[0].length);
  }
}

/** The main.js an own command runs, or null when the command is not shaped as expected. */
export function scriptPathOf(command: string): string | null {
  const words = quotedWords(command);
  return words.length >= 2 ? words[1] : null;
}
