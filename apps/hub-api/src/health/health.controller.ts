import { Controller, Get, Inject } from '@nestjs/common';
import type { HubConfig } from '@ccr/config';
import { OutboxStore, type OutboxStatus } from '@ccr/session-data-access';
import { Authenticate, RouteAuth } from '../auth/route-auth.decorator';
import { HUB_CONFIG } from '../config/hub-config.constant';

export interface Health {
  status: 'ok';
  telegram: 'on' | 'off';
  /** Rows by status: pending, sending, held, sent, failed, superseded, skipped. */
  outbox: Record<OutboxStatus, number>;
  uptimeSeconds: number;
}

/** Unauthenticated: says whether the hub is up and whether messages are waiting, nothing more. */
@Controller('health')
@Authenticate(RouteAuth.None)
export class HealthController {
  constructor(
    private readonly outbox: OutboxStore,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  @Get()
  async health(): Promise<Health> {
    return {
      status: 'ok',
      telegram: this.config.telegram.botToken ? 'on' : 'off',
      outbox: await this.outbox.countByStatus(),
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
