import { Module } from '@nestjs/common';
import { OutputService } from './output.service';
import { OutputUpdate } from './output.update';

@Module({ providers: [OutputService, OutputUpdate], exports: [OutputService] })
export class OutputModule {}
