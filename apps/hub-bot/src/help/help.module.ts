import { Module } from '@nestjs/common';
import { HelpUpdate } from './help.update';

@Module({ providers: [HelpUpdate] })
export class HelpModule {}
