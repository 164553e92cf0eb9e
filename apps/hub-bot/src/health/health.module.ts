import { Module } from '@nestjs/common';
import { TelegramModule } from '../telegram/telegram.module';
import { UpdatePipelineModule } from '../telegram/update-pipeline.module';
import { HealthController } from './health.controller';

@Module({ imports: [TelegramModule, UpdatePipelineModule], controllers: [HealthController] })
export class HealthModule {}
