import { Module } from '@nestjs/common';
import { OutputUpdate } from './output.update';

@Module({ providers: [OutputUpdate] })
export class OutputModule {}
