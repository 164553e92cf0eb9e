import type { CliContext } from '../cli-context.interface';
import type { Env } from '../env.interface';
import type { ExitCode } from '../exit-code.constant';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
}

export interface CommandArgs {
  values: Readonly<Record<string, string | boolean | undefined>>;
  positionals: readonly string[];
}

export interface CommandDefinition {
  name: string;
  /** One line for the command list in `--help`. */
  summary: string;
  /** `remote-hook install [--server-id ID] …` */
  usage: string;
  /** The body of `remote-hook help <name>`. */
  help: string;
  options?: Readonly<Record<string, OptionSpec>>;
  /**
   * Run by Claude Code as a hook. Such a command prints nothing on stdout (Claude Code reads
   * it as the hook's decision), but for permission-request's one line when it has a decision,
   * and never exits 2 (which would tell Claude Code to keep going).
   */
  hookCommand: boolean;
  /**
   * Hook commands: past this, the process is cut off whatever it is doing. Default:
   * CCR_HOOK_TIMEOUT_MS, for hooks that must not hold Claude Code up.
   */
  maxRunMs?(env: Env): number;
  run(ctx: CliContext, args: CommandArgs): Promise<ExitCode>;
}

export function stringOption(args: CommandArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}
