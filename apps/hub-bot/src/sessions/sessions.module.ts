import { Module } from '@nestjs/common';
import { SessionsUpdate } from './sessions.update';

@Module({ providers: [SessionsUpdate] })
export class SessionsModule {}
