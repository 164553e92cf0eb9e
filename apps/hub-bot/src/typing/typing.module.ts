import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { TypingService } from './typing.service';
import { TypingUpdate } from './typing.update';

@Module({
  imports: [RequestsModule],
  providers: [TypingService, TypingUpdate],
  exports: [TypingService],
})
export class TypingModule {}
