import { ConfigError } from '@ccr/config';
import { ENV_COMMAND, SECRET_COMMAND } from './commands/settings.command';
import {
  HTTP_STATUS_COMMAND,
  PORT_OPEN_COMMAND,
  WAIT_HEALTH_COMMAND,
} from './commands/probe.command';
import { SERVERS_COMMAND } from './commands/servers.command';
import { SESSIONS_COMMAND } from './commands/sessions.command';
import { SPAWN_COMMAND } from './commands/spawn.command';
import type { OpsCommand, OpsIo } from './ops-io.interface';
import { OpsError, OpsExitCode } from './ops.error';

const COMMANDS: readonly OpsCommand[] = [
  ENV_COMMAND,
  SECRET_COMMAND,
  SERVERS_COMMAND,
  SESSIONS_COMMAND,
  SPAWN_COMMAND,
  WAIT_HEALTH_COMMAND,
  HTTP_STATUS_COMMAND,
  PORT_OPEN_COMMAND,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.usage.length));
  return [
    'ops: the helper behind tools/scripts/*.sh. It reads .env and config/servers.json with the',
    "hub's own rules, and the database, so that the shell scripts never parse them.",
    '',
    ...COMMANDS.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
  ].join('\n');
}

/** Runs one command; every known error becomes one line on stderr and an exit code. */
export async function runOps(
  argv: string[],
  proc: Pick<NodeJS.Process, 'stdout' | 'stderr' | 'env' | 'cwd'>,
): Promise<number> {
  const io: OpsIo = {
    out: (line) => proc.stdout.write(`${line}\n`),
    err: (line) => proc.stderr.write(`${line}\n`),
    cwd: proc.cwd(),
    env: proc.env,
  };
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? OpsExitCode.Usage : OpsExitCode.Ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`ops: unknown command "${name}"\n${helpText()}`);
    return OpsExitCode.Usage;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`configuration error: ${error.message}`);
      return OpsExitCode.Failure;
    }
    if (error instanceof OpsError) {
      io.err(error.message);
      return error.exitCode;
    }
    // parseArgs reports unknown or incomplete options with these codes.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.err(`ops ${command.name}: ${(error as Error).message}\nusage: ops ${command.usage}`);
      return OpsExitCode.Usage;
    }
    io.err(`ops ${command.name}: unexpected error: ${(error as Error).stack ?? String(error)}`);
    return OpsExitCode.Failure;
  }
}
