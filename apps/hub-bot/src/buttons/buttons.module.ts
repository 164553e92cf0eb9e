import { Module } from '@nestjs/common';
import { ApprovalsModule } from '../approvals/approvals.module';
import { LaunchModule } from '../launch/launch.module';
import { StopModule } from '../stop/stop.module';
import { OutputModule } from '../output/output.module';
import { RequestsModule } from '../requests/requests.module';
import { TypingModule } from '../typing/typing.module';
import { ButtonsUpdate } from './buttons.update';

@Module({
  imports: [ApprovalsModule, RequestsModule, OutputModule, TypingModule, LaunchModule, StopModule],
  providers: [ButtonsUpdate],
})
export class ButtonsModule {}
