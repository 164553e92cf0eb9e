import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliContext } from './cli-context.interface';

/** The real process: its environment, streams and paths. */
export function processContext(): CliContext {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdin: () => process.stdin,
    print: (line) => process.stdout.write(`${line}\n`),
    warn: (line) => process.stderr.write(`${line}\n`),
    nodePath: process.execPath,
    // npm links the bin into node_modules/.bin; the hook must run the file itself.
    scriptPath: () => realpathSync(resolve(process.argv[1] ?? '')),
  };
}
