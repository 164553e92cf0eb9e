import { Module } from '@nestjs/common';
import { StopService } from './stop.service';
import { StopUpdate } from './stop.update';

@Module({ providers: [StopService, StopUpdate], exports: [StopService] })
export class StopModule {}
