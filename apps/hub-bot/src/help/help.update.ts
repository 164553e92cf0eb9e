import { Inject } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import { Ctx, Help, Start, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { Answerer } from '../replies/answer.service';
import { formatHelpMessage } from './help-message.util';

@Update()
export class HelpUpdate {
  constructor(
    private readonly answerer: Answerer,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
  ) {}

  @Start()
  async start(@Ctx() ctx: Context): Promise<void> {
    await this.help(ctx);
  }

  @Help()
  async help(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async () =>
      formatHelpMessage(this.config.sessionTtlHours, this.config.stt !== undefined),
    );
  }
}
