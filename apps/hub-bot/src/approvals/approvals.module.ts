import { Module } from '@nestjs/common';
import { RequestsModule } from '../requests/requests.module';
import { ApprovalsService } from './approvals.service';

@Module({ imports: [RequestsModule], providers: [ApprovalsService], exports: [ApprovalsService] })
export class ApprovalsModule {}
