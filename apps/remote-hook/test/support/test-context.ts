import { PassThrough } from 'node:stream';
import type { CliContext } from '../../src/cli-context.interface';
import type { Env } from '../../src/env.interface';

export interface TestContext extends CliContext {
  stdout: string[];
  stderr: string[];
}

export interface TestContextOptions {
  env: Env;
  cwd: string;
  /** What the command finds on stdin; undefined: stdin is a terminal. */
  stdin?: string;
  scriptPath?: string;
}

/** A CliContext that records output and feeds stdin, for running commands in-process. */
export function testContext(options: TestContextOptions): TestContext {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    env: options.env,
    cwd: options.cwd,
    stdin: () => {
      const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
      if (options.stdin === undefined) stream.isTTY = true;
      else stream.end(options.stdin);
      return stream;
    },
    print: (line) => stdout.push(line),
    warn: (line) => stderr.push(line),
    nodePath: process.execPath,
    scriptPath: () => options.scriptPath ?? '/opt/remote-hook/main.js',
    stdout,
    stderr,
  };
}

/** An environment with nothing from the real one but PATH, every folder under `root`. */
export function isolatedEnv(
  root: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: `${root}/home`,
    XDG_CONFIG_HOME: `${root}/config`,
    XDG_STATE_HOME: `${root}/state`,
    TZ: 'UTC',
    ...extra,
  };
}
