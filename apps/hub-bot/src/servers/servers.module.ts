import { Module } from '@nestjs/common';
import { ServersService } from './servers.service';
import { ServersUpdate } from './servers.update';

@Module({ providers: [ServersService, ServersUpdate] })
export class ServersModule {}
