import { Module } from '@nestjs/common';
import { TypingModule } from '../typing/typing.module';
import { FilesUpdate } from './files.update';
import { GetFileService } from './get-file.service';
import { InboxService } from './inbox.service';
import { MediaSessions } from './media-sessions.service';

@Module({
  imports: [TypingModule],
  providers: [FilesUpdate, InboxService, GetFileService, MediaSessions],
  exports: [MediaSessions],
})
export class FilesModule {}
