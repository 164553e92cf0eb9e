import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfigOrExit, loadDotEnv, loadHubApiConfig, resolveSharedSecret } from '@ccr/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app/app.module';
import { REQUEST_BODY_OPTIONS, readRawBodies } from './app/request-body.util';
import type { LoadedConfig } from './config/hub-config.module';

function loadConfig(): LoadedConfig & { warnings: string[] } {
  loadDotEnv('.env');
  const { config: hub, servers, warnings } = loadHubApiConfig(process.env);
  const secret = resolveSharedSecret(hub.sharedSecret, hub.dataDir);
  return { hub, servers, secret, warnings };
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('hub-api', loadConfig);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    ...REQUEST_BODY_OPTIONS,
    bufferLogs: true,
  });
  readRawBodies(app);
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  await app.listen(config.hub.port, config.hub.host);

  const logger = new NestLogger('HubApi');
  const { secret, servers, hub, warnings } = config;
  logger.log({
    msg: `listening on http://${hub.host}:${hub.port}`,
    database: hub.databasePath,
    servers: servers.servers.map((server) => server.id),
    serversConfig: servers.source ?? 'none (only the local server)',
  });
  for (const warning of warnings) logger.warn({ msg: warning });
  if (secret.source === 'generated') {
    logger.warn({
      msg: `SHARED_SECRET is not set: generated one in ${secret.path} (readable by this user only). Give it to remote-hook on your servers, or set SHARED_SECRET.`,
    });
  } else if (secret.source === 'file') {
    logger.log({ msg: `using the shared secret kept in ${secret.path}` });
  }
}

void bootstrap();
