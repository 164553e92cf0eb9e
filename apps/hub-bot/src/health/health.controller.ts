import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BotLauncher, type BotMode, type BotState } from '../telegram/bot-launcher.service';
import { UpdateDispatcher } from '../telegram/update-dispatcher.service';

export interface BotHealth {
  status: 'ok' | 'unavailable';
  mode: BotMode;
  telegram: BotState;
  updatesInFlight: number;
  uptimeSeconds: number;
}

/**
 * Unauthenticated, on WEBHOOK_PORT in both modes: 200 once the bot takes updates from
 * Telegram, 503 while it is still connecting (or stopping), so scripts can wait for it.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly launcher: BotLauncher,
    private readonly dispatcher: UpdateDispatcher,
  ) {}

  @Get()
  health(@Res({ passthrough: true }) res: Response): BotHealth {
    const running = this.launcher.status === 'running';
    res.status(running ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: running ? 'ok' : 'unavailable',
      mode: this.launcher.mode,
      telegram: this.launcher.status,
      updatesInFlight: this.dispatcher.inFlight,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
