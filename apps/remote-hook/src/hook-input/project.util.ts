import { basename } from 'node:path';
import { runCommand } from './run-command.util';
import type { Env } from '../env.interface';

/**
 * The project's name: the git work tree's folder when `cwd` is inside one, so a session
 * started in `webapp/src` still says `webapp`; else the folder itself.
 */
export async function projectName(cwd: string, env: Env, timeoutMs: number): Promise<string> {
  const topLevel = await runCommand('git', ['rev-parse', '--show-toplevel'], {
    cwd,
    env,
    timeoutMs,
  });
  return basename(topLevel || cwd) || cwd || 'unknown';
}
