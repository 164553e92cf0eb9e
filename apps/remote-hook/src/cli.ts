import { CliError, CliErrorCode, errorMessage } from './cli.error';
import type { CliContext } from './cli-context.interface';
import { COMMANDS, findCommand } from './commands/command-registry.constant';
import type { CommandDefinition } from './commands/command.interface';
import { hookBudget } from './config/hook-budget.util';
import { ExitCode } from './exit-code.constant';
import { commandHelp, overviewHelp } from './help/help-text.util';
import { parseCommandArgs } from './parse-command-args.util';
import { processContext } from './process-context.util';
import { VERSION } from './version.constant';

/** Past its budget, a hook process gets this long before it is cut off. */
const HOOK_EXIT_GRACE_MS = 1000;
/** Once a hook command is done, this long for the last stderr line to leave. */
const HOOK_DONE_EXIT_MS = 100;

/** The process entry point: runs one command and sets the exit code. */
export async function run(argv: readonly string[]): Promise<void> {
  const ctx = processContext();
  const command = argv[0] === undefined ? undefined : findCommand(argv[0]);
  const hookCommand = command?.hookCommand === true;
  if (hookCommand) {
    // Every step of a hook run is bounded. These timers catch what is not (a DNS lookup
    // outliving its request keeps the process alive), so Claude Code is never held up.
    exitAfter((command.maxRunMs?.(ctx.env) ?? hookBudget(ctx.env).ms) + HOOK_EXIT_GRACE_MS);
    // Claude Code ends a hook with SIGTERM at its timeout: the hook's answer no longer
    // matters, and a word would only be noise.
    process.once('SIGTERM', () => process.exit(ExitCode.Ok));
  }
  process.exitCode = await execute(argv, ctx);
  if (hookCommand) exitAfter(HOOK_DONE_EXIT_MS);
}

function exitAfter(ms: number): void {
  setTimeout(() => process.exit(), ms).unref();
}

/** Parses and dispatches; the one place where errors become messages and exit codes. */
export async function execute(argv: readonly string[], ctx: CliContext): Promise<ExitCode> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : findCommand(name);
  try {
    if (name === undefined) throw new CliError(CliErrorCode.Usage, 'no command given');
    if (name === '--help' || name === '-h') {
      ctx.print(overviewHelp(COMMANDS));
      return ExitCode.Ok;
    }
    if (name === '--version' || name === '-v') {
      ctx.print(VERSION);
      return ExitCode.Ok;
    }
    if (name === 'help') return showHelp(ctx, rest);
    if (!command) throw new CliError(CliErrorCode.Usage, `unknown command "${name}"`);
    const args = parseCommandArgs(command, rest);
    if (args.help) {
      ctx.print(commandHelp(command));
      return ExitCode.Ok;
    }
    return await command.run(ctx, args);
  } catch (error) {
    return reportFailure(ctx, error, command);
  }
}

function showHelp(ctx: CliContext, names: readonly string[]): ExitCode {
  if (names.length === 0) {
    ctx.print(overviewHelp(COMMANDS));
    return ExitCode.Ok;
  }
  const command = findCommand(names[0]);
  if (!command || names.length > 1) {
    throw new CliError(CliErrorCode.Usage, `no help for "${names.join(' ')}": no such command`);
  }
  ctx.print(commandHelp(command));
  return ExitCode.Ok;
}

function reportFailure(
  ctx: CliContext,
  error: unknown,
  command: CommandDefinition | undefined,
): ExitCode {
  if (!(error instanceof CliError)) {
    ctx.warn(`remote-hook: unexpected error: ${errorMessage(error)}`);
    if (ctx.env['CCR_DEBUG'] && error instanceof Error && error.stack) ctx.warn(error.stack);
    return ExitCode.Failure;
  }
  ctx.warn(`remote-hook: ${error.message}`);
  if (error.code !== CliErrorCode.Usage) return ExitCode.Failure;
  ctx.warn(`Run "remote-hook ${command ? `help ${command.name}` : '--help'}" for usage.`);
  // Exit 2 from a Stop hook tells Claude Code to keep working: a hook must never say that.
  return command?.hookCommand ? ExitCode.Failure : ExitCode.Usage;
}
