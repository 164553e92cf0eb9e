import { request } from 'node:http';
import { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import type { OpsCommand } from '../ops-io.interface';
import { OpsError, OpsExitCode } from '../ops.error';

const REQUEST_TIMEOUT_MS = 2000;
const POLL_INTERVAL_MS = 200;

/** The HTTP status of a GET, or why there was none. */
export function httpStatus(url: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<number | string> {
  return new Promise((resolve) => {
    // No agent: a kept-alive socket would keep this short-lived process waiting.
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', (error) => resolve(error.message));
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function wholeNumber(value: string | undefined, option: string): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    throw new OpsError(`${option} must be a whole number`, OpsExitCode.Usage);
  }
  return Number(value);
}

/**
 * Waits until `url` answers 200 while `pid` runs. Fails as soon as the process is gone (it
 * did not start), or at the timeout, printing why in one line.
 */
export const WAIT_HEALTH_COMMAND: OpsCommand = {
  name: 'wait-health',
  usage: 'wait-health --url URL --pid PID --timeout SECONDS',
  summary: 'wait until URL answers 200 while PID runs',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { url: { type: 'string' }, pid: { type: 'string' }, timeout: { type: 'string' } },
    });
    if (!values.url) throw new OpsError('--url is required', OpsExitCode.Usage);
    const pid = wholeNumber(values.pid, '--pid');
    const timeoutSeconds = wholeNumber(values.timeout, '--timeout');
    const deadline = Date.now() + timeoutSeconds * 1000;
    let last: number | string = 'no answer yet';
    for (;;) {
      if (!isAlive(pid)) {
        io.out(`the process (pid ${pid}) exited before ${values.url} answered 200`);
        return OpsExitCode.Failure;
      }
      last = await httpStatus(values.url);
      // Checked again: a process that lost its port to another one answering there exits.
      if (last === 200 && isAlive(pid)) return OpsExitCode.Ok;
      if (Date.now() >= deadline) {
        const answer = typeof last === 'number' ? `it answered ${last}` : `last: ${last}`;
        io.out(`${values.url} did not answer 200 within ${timeoutSeconds} s (${answer})`);
        return OpsExitCode.Failure;
      }
      await sleep(POLL_INTERVAL_MS);
    }
  },
};

/** Prints the status a GET answers, or why there was none (ECONNREFUSED…). */
export const HTTP_STATUS_COMMAND: OpsCommand = {
  name: 'http-status',
  usage: 'http-status URL',
  summary: 'the HTTP status URL answers to a GET, or why none',
  async run(args, io) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    if (positionals.length !== 1)
      throw new OpsError(`usage: ops ${HTTP_STATUS_COMMAND.usage}`, OpsExitCode.Usage);
    io.out(String(await httpStatus(positionals[0])));
    return OpsExitCode.Ok;
  },
};

/** Exit 0 when something accepts TCP connections on HOST:PORT, 1 when nothing does. */
export const PORT_OPEN_COMMAND: OpsCommand = {
  name: 'port-open',
  usage: 'port-open HOST PORT',
  summary: 'exit 0 when something listens on HOST:PORT',
  async run(args) {
    const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
    const [host, port] = positionals;
    if (!host || positionals.length !== 2) {
      throw new OpsError(`usage: ops ${PORT_OPEN_COMMAND.usage}`, OpsExitCode.Usage);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const done = (value: boolean): void => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(REQUEST_TIMEOUT_MS, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.connect(wholeNumber(port, 'PORT'), host);
    });
    return open ? OpsExitCode.Ok : OpsExitCode.Failure;
  },
};
