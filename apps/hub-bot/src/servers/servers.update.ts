import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { ServerRegistry } from '../executor/server-registry.service';
import { Answerer } from '../replies/answer.service';
import { formatServersMessage } from './servers-message.util';
import { ServersService } from './servers.service';

@Update()
export class ServersUpdate {
  constructor(
    private readonly checks: ServersService,
    private readonly servers: ServerRegistry,
    private readonly answerer: Answerer,
  ) {}

  /** /servers: every configured server, reachable or not, with its SSH round trip. */
  @Command('servers')
  async list(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async () =>
      formatServersMessage(await this.checks.checkAll(), this.servers.source),
    );
  }
}
