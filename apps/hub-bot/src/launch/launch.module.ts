import { Module } from '@nestjs/common';
import { LaunchService } from './launch.service';
import { LaunchUpdate } from './launch.update';

@Module({ providers: [LaunchService, LaunchUpdate], exports: [LaunchService] })
export class LaunchModule {}
