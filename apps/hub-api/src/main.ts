import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { describeDatabase, loadConfigOrExit } from '@ccr/config';
import { AppModule } from './app/app.module';
import {
  REQUEST_BODY_OPTIONS,
  loadDotEnvFile,
  loadHubAppConfig,
  prepareHubApp,
} from './app/hub-app.util';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('hub-api', () => {
    loadDotEnvFile();
    return loadHubAppConfig(process.env);
  });

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    ...REQUEST_BODY_OPTIONS,
    bufferLogs: true,
  });
  prepareHubApp(app);
  app.enableShutdownHooks();
  await app.listen(config.hub.port, config.hub.host);

  const logger = new NestLogger('HubApi');
  const { secret, servers, hub, warnings } = config;
  logger.log({
    msg: `listening on http://${hub.host}:${hub.port}`,
    database: describeDatabase(hub.database),
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
