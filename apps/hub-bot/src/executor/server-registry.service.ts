import { Inject, Injectable } from '@nestjs/common';
import type { ServerConfig, ServersConfig } from '@ccr/config';
import type { ServerConfig as ExecutorServer } from '@ccr/ssh-executor';
import { SERVERS_CONFIG } from '../config/bot-config.constant';
import { toExecutorServer } from './executor-server.util';

/** A server from servers.json, with the executor's entry for it built once. */
export interface KnownServer {
  config: ServerConfig;
  executor: ExecutorServer;
}

/** The servers hub-bot can type into: exactly those in servers.json, in its order. */
@Injectable()
export class ServerRegistry {
  private readonly byId: ReadonlyMap<string, KnownServer>;

  constructor(@Inject(SERVERS_CONFIG) private readonly servers: ServersConfig) {
    this.byId = new Map(
      servers.servers.map((config) => [config.id, { config, executor: toExecutorServer(config) }]),
    );
  }

  get(id: string): KnownServer | undefined {
    return this.byId.get(id);
  }

  list(): KnownServer[] {
    return [...this.byId.values()];
  }

  /** Where the list came from, for messages about a server that is not in it. */
  get source(): string {
    return this.servers.source ?? 'servers.json (none was found, so only "local" is known)';
  }
}
