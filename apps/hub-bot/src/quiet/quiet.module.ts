import { Module } from '@nestjs/common';
import { DeliverySettingsService } from './delivery-settings.service';
import { QuietUpdate } from './quiet.update';

@Module({ providers: [DeliverySettingsService, QuietUpdate] })
export class QuietModule {}
