import { Command, Ctx, Update } from 'nestjs-telegraf';
import type { Context } from 'telegraf';
import { Answerer } from '../replies/answer.service';
import { BotError } from '../replies/bot.error';
import { parseCommandText } from '../telegram/command-text.util';
import type { UpdateRecord } from '../telegram/update-record.util';
import { DeliverySettingsService } from './delivery-settings.service';
import {
  parseMuteArgs,
  parsePresenceArgs,
  parseQuietArgs,
  parseUnmuteArgs,
} from './quiet-args.util';
import {
  formatDeliveryStatus,
  formatMuted,
  formatPresenceChanged,
  formatQuietChanged,
  formatUnmuted,
} from './quiet-message.util';

function argsOf(ctx: Context): string {
  const text = ctx.message && 'text' in ctx.message ? ctx.message.text : '';
  return parseCommandText(text)?.rest ?? '';
}

function chatOf(record: UpdateRecord): string {
  // The allow-list middleware let it through, so it came from a chat.
  if (record.chatId === undefined) throw BotError.usage('This works in a chat only.');
  return record.chatId;
}

@Update()
export class QuietUpdate {
  constructor(
    private readonly settings: DeliverySettingsService,
    private readonly answerer: Answerer,
  ) {}

  /** /status and /settings: quiet hours, mutes, presence window, and what is held. */
  @Command(['status', 'settings'])
  async status(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) =>
      formatDeliveryStatus(await this.settings.status(chatOf(record))),
    );
  }

  /** /quiet 22:00-07:00 · /quiet tz Europe/Berlin · /quiet off · /quiet hold|silent · /quiet requests silent|loud */
  @Command('quiet')
  async quiet(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const command = parseQuietArgs(argsOf(ctx));
      const status = await this.settings.quiet(chatOf(record), command);
      return command.kind === 'show' ? formatDeliveryStatus(status) : formatQuietChanged(status);
    });
  }

  /** /presence 60 · /presence off · /presence hold|silent */
  @Command('presence')
  async presence(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const command = parsePresenceArgs(argsOf(ctx));
      const status = await this.settings.presence(chatOf(record), command);
      return command.kind === 'show' ? formatDeliveryStatus(status) : formatPresenceChanged(status);
    });
  }

  /** /mute [server|session] [duration] */
  @Command('mute')
  async mute(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const { target, durationMs } = parseMuteArgs(argsOf(ctx));
      const chatId = chatOf(record);
      const mute = await this.settings.mute(chatId, target, durationMs);
      return formatMuted(mute, await this.settings.status(chatId));
    });
  }

  /** /unmute [server|session] */
  @Command('unmute')
  async unmute(@Ctx() ctx: Context): Promise<void> {
    await this.answerer.answer(ctx, async (record) => {
      const { target } = parseUnmuteArgs(argsOf(ctx));
      const chatId = chatOf(record);
      const lifted = await this.settings.unmute(chatId, target);
      return formatUnmuted(lifted, target, await this.settings.status(chatId));
    });
  }
}
