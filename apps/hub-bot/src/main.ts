import 'reflect-metadata';
import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { describeDatabase, loadConfigOrExit, loadDotEnv, loadHubBotConfig } from '@ccr/config';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app/app.module';
import type { LoadedBotConfig } from './config/bot-config.module';
import { BotLauncher } from './telegram/bot-launcher.service';

function loadConfig(): LoadedBotConfig & { warnings: string[] } {
  loadDotEnv('.env');
  const { config: bot, servers, warnings } = loadHubBotConfig(process.env);
  return { bot, servers, warnings };
}

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit('hub-bot', loadConfig);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    // telegraf reads the webhook's body itself; nothing else here takes one.
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  const launcher = app.get(BotLauncher);
  const { bot, servers, warnings } = config;
  if (bot.telegram.webhook) app.use(launcher.webhookHandler());
  await app.listen(bot.http.port, bot.http.host);

  const logger = new NestLogger('HubBot');
  logger.log({
    msg: `listening on http://${bot.http.host}:${bot.http.port} (${bot.telegram.webhook ? `webhook ${bot.telegram.webhook.path}, ` : ''}GET /health)`,
    mode: launcher.mode,
    database: describeDatabase(bot.database),
    servers: servers.servers.map((server) => server.id),
    serversConfig: servers.source ?? 'none (only the local server)',
    allowedChats: bot.telegram.allowedChatIds.length,
  });
  for (const warning of warnings) logger.warn({ msg: warning });

  const problem = await launcher.fatal;
  logger.error({ msg: `stopping: ${problem}` });
  await app.close();
  process.stderr.write(`hub-bot: ${problem}\n`);
  process.exit(1);
}

void bootstrap();
