/** Kinds of failure the CLI knows how to explain; cli.ts maps them to exit codes. */
export enum CliErrorCode {
  /** Unknown command or option, missing value. */
  Usage = 'usage',
  /** Config file or environment incomplete or invalid. */
  Config = 'config',
  /** Claude Code's settings.json cannot be read or is not shaped as expected. */
  Settings = 'settings',
  /** The spool folder cannot be used (permissions, busy lock). */
  Spool = 'spool',
  /** The hub could not be reached or refused the request. */
  Hub = 'hub',
}

/** An error whose message a person can act on; anything else is a bug. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** The message of anything thrown; errors from another realm fail `instanceof Error`. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message } = error as { message: unknown };
    if (typeof message === 'string') return message;
  }
  return String(error);
}
