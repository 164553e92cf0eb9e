import { Global, Module } from '@nestjs/common';
import { Answerer } from './answer.service';

@Global()
@Module({ providers: [Answerer], exports: [Answerer] })
export class RepliesModule {}
