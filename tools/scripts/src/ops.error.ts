/** Exit codes of the ops helper, which the shell scripts read. */
export enum OpsExitCode {
  Ok = 0,
  /** A check failed or a value is wrong; the message says which. */
  Failure = 1,
  /** Unknown command or option. */
  Usage = 2,
}

/** A failure the helper reports in one line and exits with, without a stack. */
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: OpsExitCode = OpsExitCode.Failure,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}
