import { loadDotEnv, loadHubApiConfig, resolveSharedSecret } from '@ccr/config';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { LoadedConfig } from '../config/hub-config.module';
import { readRawBodies } from './request-body.util';

export { REQUEST_BODY_OPTIONS } from './request-body.util';

/**
 * hub-api's whole configuration from an environment, validated: the variables, servers.json and
 * the shared secret. main.ts reads `.env` into the environment first (`loadDotEnvFile`).
 */
export function loadHubAppConfig(env: NodeJS.ProcessEnv): LoadedConfig & { warnings: string[] } {
  const { config: hub, servers, warnings } = loadHubApiConfig(env);
  const secret = resolveSharedSecret(hub.sharedSecret, hub.dataDir);
  return { hub, servers, secret, warnings };
}

/** `.env` in the working folder, for variables the environment does not set. */
export function loadDotEnvFile(): void {
  loadDotEnv('.env');
}

/**
 * What the app Nest made needs before it listens: bodies read as bytes (see
 * request-body.util.ts), the pino logger, no `X-Powered-By`. main.ts and the in-process
 * end-to-end tests both use it, so that the app they run is the same.
 */
export function prepareHubApp(app: NestExpressApplication): void {
  readRawBodies(app);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
}
