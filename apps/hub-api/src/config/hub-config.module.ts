import { DynamicModule, Global, Module } from '@nestjs/common';
import type { HubConfig, ServersConfig, SharedSecret } from '@ccr/config';
import { HUB_CONFIG, SERVERS_CONFIG, SHARED_SECRET } from './hub-config.constant';

export interface LoadedConfig {
  hub: HubConfig;
  servers: ServersConfig;
  secret: SharedSecret;
}

/** Makes the configuration, already validated by main.ts, injectable everywhere. */
@Global()
@Module({})
export class HubConfigModule {
  static forRoot(config: LoadedConfig): DynamicModule {
    return {
      module: HubConfigModule,
      providers: [
        { provide: HUB_CONFIG, useValue: config.hub },
        { provide: SERVERS_CONFIG, useValue: config.servers },
        { provide: SHARED_SECRET, useValue: config.secret },
      ],
      exports: [HUB_CONFIG, SERVERS_CONFIG, SHARED_SECRET],
    };
  }
}
