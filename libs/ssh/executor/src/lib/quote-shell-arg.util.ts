import { ExecutorError, ExecutorErrorCode } from './executor.error';

/**
 * Makes `value` one POSIX shell word that the shell reads back byte for byte: everything goes
 * inside single quotes, where no character is special, and each `'` becomes `'\''` (close,
 * escaped quote, reopen). Newlines, `$`, backticks, `;`, `|` and leading dashes need nothing
 * more. NUL cannot be part of a command line at all, so it is refused rather than cut short.
 */
export function quoteShellArg(value: string): string {
  if (value.includes('\0')) {
    throw new ExecutorError(
      ExecutorErrorCode.InvalidArgument,
      'A command argument contains a NUL character, which no command line can carry.',
    );
  }
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** The command line for a remote shell: every argument, the program included, quoted. */
export function toShellCommand(argv: readonly string[]): string {
  return argv.map(quoteShellArg).join(' ');
}
