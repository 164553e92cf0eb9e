/** Exit codes of every command. */
export enum ExitCode {
  Ok = 0,
  Failure = 1,
  Usage = 2,
}
