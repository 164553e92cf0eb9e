import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, CliErrorCode, errorMessage } from './cli.error';
import type { CommandArgs, CommandDefinition } from './commands/command.interface';

export interface ParsedCommandArgs extends CommandArgs {
  help: boolean;
}

/** The command's own options plus --help; anything else is a usage error. */
export function parseCommandArgs(
  command: CommandDefinition,
  argv: readonly string[],
): ParsedCommandArgs {
  const options: ParseArgsConfig['options'] = {
    ...command.options,
    help: { type: 'boolean', short: 'h' },
  };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    // Node's message runs on with advice about "--"; its first sentence is the point.
    const reason = errorMessage(error).split('. ')[0];
    throw new CliError(CliErrorCode.Usage, `${command.name}: ${reason}`, { cause: error });
  }
  const { help, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  if (parsed.positionals.length > 0 && help !== true) {
    throw new CliError(
      CliErrorCode.Usage,
      `${command.name}: unexpected argument "${parsed.positionals[0]}"`,
    );
  }
  return { help: help === true, values, positionals: parsed.positionals };
}
