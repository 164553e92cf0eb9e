import { Inject, Injectable } from '@nestjs/common';
import type { BotConfig } from '@ccr/config';
import {
  deliverySettingsOf,
  type ChosenDeliverySettings,
  type DeliverySettings,
  type Mute,
  type MuteTarget,
} from '@ccr/delivery-domain';
import { DeliverySettingsStore, OutboxStore, SessionStore } from '@ccr/session-data-access';
import { isSessionError, parseSessionRef } from '@ccr/session-domain';
import { CLOCK } from '@ccr/session-nest';
import type { Clock } from '@ccr/shared-util';
import { BOT_CONFIG } from '../config/bot-config.constant';
import { ServerRegistry } from '../executor/server-registry.service';
import { BotError } from '../replies/bot.error';
import { code, escapeHtml } from '../replies/html.util';
import { MUTE_USAGE, type PresenceCommand, type QuietCommand } from './quiet-args.util';

/** Everything /status shows about a chat. */
export interface DeliveryStatus {
  chatId: string;
  settings: DeliverySettings;
  chosen: ChosenDeliverySettings;
  mutes: Mute[];
  /** Notifications held now by quiet hours or a mute. */
  held: number;
  /** Whether hub-api sends its notifications to this chat. */
  notifiedHere: boolean;
  now: Date;
}

/**
 * A chat's quiet hours, mutes and presence window, as /quiet, /mute, /unmute and /presence
 * change them. Each change makes hub-api's sender look at the held notifications again, so
 * that what quiet hours or a mute no longer hold goes out at its next pass.
 */
@Injectable()
export class DeliverySettingsService {
  constructor(
    private readonly store: DeliverySettingsStore,
    private readonly outbox: OutboxStore,
    private readonly sessions: SessionStore,
    private readonly servers: ServerRegistry,
    @Inject(BOT_CONFIG) private readonly config: BotConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async status(chatId: string): Promise<DeliveryStatus> {
    const [{ chosen, mutes }, counts] = await Promise.all([
      this.store.forChat(chatId),
      this.outbox.countByStatus(chatId),
    ]);
    return {
      chatId,
      settings: deliverySettingsOf(chosen, this.config.delivery),
      chosen,
      mutes,
      held: counts.held,
      notifiedHere: chatId === this.config.telegram.chatId,
      now: this.clock(),
    };
  }

  async quiet(chatId: string, command: QuietCommand): Promise<DeliveryStatus> {
    switch (command.kind) {
      case 'show':
        break;
      case 'hours':
        await this.choose(chatId, {
          quietHours: command.hours,
          ...(command.timeZone ? { timeZone: command.timeZone } : {}),
        });
        break;
      case 'off':
        await this.choose(chatId, { quietHours: null });
        break;
      case 'time-zone':
        await this.choose(chatId, { timeZone: command.timeZone });
        break;
      case 'mode':
        await this.choose(chatId, { quietMode: command.mode });
        break;
      case 'requests':
        await this.choose(chatId, { quietRequests: command.alert });
        break;
    }
    return this.status(chatId);
  }

  async presence(chatId: string, command: PresenceCommand): Promise<DeliveryStatus> {
    if (command.kind === 'window') {
      await this.choose(chatId, { presenceWindowSeconds: command.seconds });
    } else if (command.kind === 'mode') {
      await this.choose(chatId, { presenceMode: command.mode });
    }
    return this.status(chatId);
  }

  /** Mutes what `word` names (a server, a session) or, without one, everything. */
  async mute(chatId: string, word: string | undefined, durationMs: number): Promise<Mute> {
    const target = word === undefined ? { kind: 'all' as const } : await this.targetOf(word);
    const mute = await this.store.mute(
      chatId,
      target,
      new Date(this.clock().getTime() + durationMs),
    );
    await this.outbox.recheckHeld(chatId);
    return mute;
  }

  /**
   * Ends the mutes of what `word` names, or all of the chat's mutes without one. Returns those
   * ended: none when nothing of that was muted.
   */
  async unmute(chatId: string, word: string | undefined): Promise<Mute[]> {
    if (word === undefined) {
      const lifted = await this.store.unmute(chatId);
      await this.outbox.recheckHeld(chatId);
      return lifted;
    }
    // A muted session may have expired since: its mute is found by the name it was given.
    const { mutes } = await this.store.forChat(chatId);
    const named = mutes.find(
      (mute) =>
        (mute.target.kind === 'server' && mute.target.serverId === word) ||
        (mute.target.kind === 'session' && mute.target.sessionName === word),
    );
    const lifted = await this.store.unmute(chatId, named?.target ?? (await this.targetOf(word)));
    await this.outbox.recheckHeld(chatId);
    return lifted;
  }

  private async choose(chatId: string, changes: Partial<ChosenDeliverySettings>): Promise<void> {
    await this.store.choose(chatId, changes);
    await this.outbox.recheckHeld(chatId);
  }

  /**
   * A server of servers.json or one that sent notifications, else a live session by name or
   * token.
   * @throws BotError saying what is known instead, when it is neither.
   */
  private async targetOf(word: string): Promise<MuteTarget> {
    const seen = (await this.sessions.serverSummaries()).map((server) => server.serverId);
    const configured = this.servers.list().map((server) => server.config.id);
    if (configured.includes(word) || seen.includes(word)) return { kind: 'server', serverId: word };
    if (parseSessionRef(word)) {
      try {
        const session = await this.sessions.resolve(word);
        return {
          kind: 'session',
          serverId: session.serverId,
          sessionId: session.id,
          sessionName: session.name,
        };
      } catch (error) {
        if (!isSessionError(error)) throw error;
        throw BotError.usage(`⚠️ ${escapeHtml(error.message)} Nothing was changed.`);
      }
    }
    const servers = [...new Set([...configured, ...seen])].map((id) => code(id)).join(', ');
    throw BotError.usage(
      `⚠️ I know no server or session ${code(word)}. Servers: ${servers || 'none yet'}; a ` +
        `session is named like ${code('kr4:1')} (/sessions lists live ones). Nothing was changed.\n\n${MUTE_USAGE}`,
    );
  }
}
