import type { Env } from './env.interface';
import type { InputStream } from './hook-input/read-stdin.util';

/** Everything a command touches outside its arguments, so tests can give their own. */
export interface CliContext {
  env: Env;
  cwd: string;
  /** Opened on first use: a command that never reads stdin leaves it alone. */
  stdin(): InputStream;
  /** One line on stdout: what a person asked for. Hook commands never call it. */
  print(line: string): void;
  /** One line on stderr. */
  warn(line: string): void;
  /** Absolute path of the Node binary running the CLI. */
  nodePath: string;
  /** Absolute path of the running main.js, symlinks resolved. */
  scriptPath(): string;
}
