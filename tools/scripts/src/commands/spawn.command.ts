import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { OpsCommand } from '../ops-io.interface';
import { OpsError, OpsExitCode } from '../ops.error';

/**
 * Starts a service in a session of its own (setsid), so that closing the terminal or Ctrl-C
 * in it does not reach the service, and a signal to its process group reaches all it
 * started. Output is appended to the log; prints the pid. Only Node is needed, no setsid(1).
 */
export const SPAWN_COMMAND: OpsCommand = {
  name: 'spawn',
  usage: 'spawn --log FILE -- COMMAND [ARGS…]',
  summary: 'start COMMAND detached, output appended to FILE; prints its pid',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { log: { type: 'string' } },
      allowPositionals: true,
    });
    const [command, ...rest] = positionals;
    if (!values.log || !command) {
      throw new OpsError(`usage: ops ${SPAWN_COMMAND.usage}`, OpsExitCode.Usage);
    }
    const log = openSync(values.log, 'a', 0o600);
    try {
      const child = spawn(command, rest, {
        cwd: io.cwd,
        env: io.env,
        detached: true,
        stdio: ['ignore', log, log],
      });
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      }).catch((error: Error) => {
        throw new OpsError(`cannot start ${command}: ${error.message}`);
      });
      child.unref();
      io.out(String(child.pid));
    } finally {
      closeSync(log);
    }
    return OpsExitCode.Ok;
  },
};
