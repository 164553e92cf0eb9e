import { join } from 'node:path';
import { CliError, CliErrorCode } from '../../cli.error';
import { resolveConfig } from '../../config/load-config.util';
import { spoolDirPath } from '../../config/paths.util';
import { NO_DEADLINE } from '../../delivery/deadline.util';
import { deliverSpool } from '../../delivery/deliver-spool.util';
import { LOCK_FILE_NAME } from '../../delivery/spool-lock.util';
import { ExitCode } from '../../exit-code.constant';
import type { CommandDefinition } from '../command.interface';
import { formatFlushReport } from './flush-report.util';

/** A person is waiting, not Claude: more patience than a hook run has. */
const FLUSH_LOCK_WAIT_MS = 5000;
const FLUSH_REQUEST_TIMEOUT_MS = 10_000;

export const FLUSH_COMMAND: CommandDefinition = {
  name: 'flush',
  summary: 'deliver the spooled events now, oldest first',
  usage: 'remote-hook flush [--retry-rejected]',
  help: [
    'Sends the events that runs could not deliver, oldest first, and prints how many went out,',
    'how many the hub refused and how many still wait. Stops at the first event the hub cannot',
    'take now (network error, timeout, HTTP 5xx, 408 or 429) so that none overtakes another.',
    "An event refused with another 4xx is moved to the spool's rejected/ folder.",
    '',
    'Exit status: 0 when the spool is empty, 1 when events still wait or were refused.',
    '',
    'Options:',
    '  --retry-rejected   first put the events in rejected/ back in the queue (after fixing',
    '                     what the hub refused them for, such as a wrong secret)',
  ].join('\n'),
  options: { 'retry-rejected': { type: 'boolean' } },
  hookCommand: false,
  async run(ctx, args) {
    const resolution = await resolveConfig(ctx.env, ctx.cwd);
    if (!resolution.config) {
      throw new CliError(CliErrorCode.Config, `cannot flush: ${resolution.problems.join('; ')}`);
    }
    const dir = spoolDirPath(ctx.env, ctx.cwd);
    const result = await deliverSpool({
      dir,
      config: resolution.config,
      deadline: NO_DEADLINE,
      lockWaitMs: FLUSH_LOCK_WAIT_MS,
      requestTimeoutMs: FLUSH_REQUEST_TIMEOUT_MS,
      minRequestMs: 1,
      retryRejected: args.values['retry-rejected'] === true,
    });
    if (!result) {
      throw new CliError(
        CliErrorCode.Spool,
        `another remote-hook run is delivering the spool (${join(dir, LOCK_FILE_NAME)}); try again in a moment`,
      );
    }
    for (const line of formatFlushReport(dir, result)) ctx.print(line);
    return result.remaining > 0 || result.rejected.length > 0 ? ExitCode.Failure : ExitCode.Ok;
  },
};
