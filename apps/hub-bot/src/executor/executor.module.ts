import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { TmuxExecutor } from '@ccr/ssh-executor';
import type { Logger } from 'pino';
import { BOT_CONFIG, ROOT_LOGGER } from '../config/bot-config.constant';
import { PaneTargets } from './pane-targets.service';
import { ServerRegistry } from './server-registry.service';

/**
 * One TmuxExecutor for the whole app, so that each server keeps one SSH connection that every
 * update reuses; closed when the app shuts down, after the last update was handled.
 */
@Global()
@Module({
  providers: [
    {
      provide: TmuxExecutor,
      inject: [BOT_CONFIG, ROOT_LOGGER],
      useFactory: (config: BotConfig, logger: Logger) =>
        new TmuxExecutor({
          connectTimeoutMs: config.ssh.connectTimeoutMs,
          submitDelayMs: config.tmux.submitDelayMs,
          logger: logger.child({ context: 'TmuxExecutor' }),
        }),
    },
    ServerRegistry,
    PaneTargets,
  ],
  exports: [TmuxExecutor, ServerRegistry, PaneTargets],
})
export class ExecutorModule implements OnApplicationShutdown {
  constructor(@Inject(TmuxExecutor) private readonly executor: TmuxExecutor) {}

  async onApplicationShutdown(): Promise<void> {
    await this.executor.close();
  }
}
