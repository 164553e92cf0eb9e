import { join } from 'node:path';
import { freePort } from './free-port.util';
import { startNodeApp, type AppProcess } from './node-process.util';
import { workspaceRoot } from './workspace.util';

/** The apps as `nx run-many -t build` leaves them. */
export const HUB_API_MAIN = join(workspaceRoot, 'dist/apps/hub-api/main.js');
export const HUB_BOT_MAIN = join(workspaceRoot, 'dist/apps/hub-bot/main.js');
export const REMOTE_HOOK_MAIN = join(workspaceRoot, 'dist/apps/remote-hook/main.js');

/** A plain environment: nothing of the developer's own (tmux, secrets, home) leaks in. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    ...extra,
  };
}

export interface BuiltApp {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  process: AppProcess;
  env: NodeJS.ProcessEnv;
}

interface StartBuiltAppBase {
  /** The app's whole environment; `portVariable`, when given, is added. */
  env: NodeJS.ProcessEnv;
  /** The working folder; give each app its own, so that no developer's .env reaches it. */
  cwd: string;
  /** Polled until it answers 200; default `/health`. */
  readyPath?: string;
  timeoutMs?: number;
}

export type StartBuiltAppOptions = StartBuiltAppBase &
  (
    | {
        /** The variable that sets the app's HTTP port (NOTIFY_PORT, WEBHOOK_PORT). */
        portVariable: string;
        /** Default: a free port. */
        port?: number;
      }
    | {
        /** None: the app takes its port from its own files (servers.json's central block). */
        portVariable?: undefined;
        /** The port those files give it. */
        port: number;
      }
  );

/** Starts a built app on a loopback port and resolves once its ready path answers 200. */
export async function startBuiltApp(
  script: string,
  options: StartBuiltAppOptions,
): Promise<BuiltApp> {
  const port = options.port ?? (await freePort());
  const env = options.portVariable
    ? { ...options.env, [options.portVariable]: String(port) }
    : { ...options.env };
  const url = `http://127.0.0.1:${port}`;
  const app = await startNodeApp(script, {
    env,
    cwd: options.cwd,
    readyUrl: `${url}${options.readyPath ?? '/health'}`,
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  return { url, port, process: app, env };
}
