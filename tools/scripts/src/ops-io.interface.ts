/** What a command may touch: its output, the working folder (the checkout) and the environment. */
export interface OpsIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface OpsCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: OpsIo): Promise<number>;
}
