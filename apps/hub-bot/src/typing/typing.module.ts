import { Module } from '@nestjs/common';
import { TypingService } from './typing.service';
import { TypingUpdate } from './typing.update';

@Module({ providers: [TypingService, TypingUpdate], exports: [TypingService] })
export class TypingModule {}
