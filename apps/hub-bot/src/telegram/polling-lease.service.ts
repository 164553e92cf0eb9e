import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  PollingLeaseStore,
  type PollingLeaseClaimant,
  type PollingLeaseHolder,
} from '@ccr/session-data-access';
import { CLOCK } from '@ccr/session-nest';
import type { Clock } from '@ccr/shared-util';

/** How often the holder renews its lease; the store lets it go stale after several missed. */
export const LEASE_HEARTBEAT_MS = 5_000;

const WHAT_TO_DO =
  'Stop that one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database; see "Running on PostgreSQL" in the README), where several may run at once';

function holderText(holder: PollingLeaseHolder, now: Date): string {
  const quietSeconds = Math.max(
    0,
    Math.round((now.getTime() - holder.heartbeatAt.getTime()) / 1000),
  );
  return `host ${holder.host}, pid ${holder.pid}, polling since ${holder.since.toISOString()}, last heartbeat ${quietSeconds} s ago`;
}

/** Why a hub-bot does not start polling: another one on the database holds the lease. */
export function describeRefusedLease(
  holder: PollingLeaseHolder | null,
  now: Date,
  staleAfterMs: number,
): string {
  const who = holder ? ` (${holderText(holder, now)})` : '';
  return `another hub-bot${who} is long polling this bot on this database: only one hub-bot may long-poll, so this one does not start. ${WHAT_TO_DO}. A hub-bot that ended without stopping cleanly frees it ${staleAfterMs / 1000} s after its last heartbeat`;
}

/** Why a polling hub-bot stops: its heartbeat lapsed and another one took the lease. */
export function describeLostLease(holder: PollingLeaseHolder | null, now: Date): string {
  const who = holder
    ? `another hub-bot (${holderText(holder, now)}) took`
    : 'this hub-bot no longer holds';
  return `${who} the long-polling lease of this bot on this database (this one's heartbeat had not reached the database in time): only one hub-bot may long-poll, so this one stops. ${WHAT_TO_DO}`;
}

/** The database could not be asked for the lease; polling waits, as for an unreachable Telegram. */
export class LeaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super('cannot reach the database to take the long-polling lease', { cause });
  }
}

/**
 * The long-polling lease of one Telegram bot, held in the shared database for as long as this
 * hub-bot polls: a second hub-bot on the database finds it and refuses to start, instead of
 * polling too, which makes Telegram end the first one's poll (409). The heartbeat renews it;
 * a clean shutdown releases it; a hub-bot that dies leaves it to go stale.
 */
@Injectable()
export class PollingLease {
  private readonly logger = new Logger(PollingLease.name);
  private readonly claimant: PollingLeaseClaimant = {
    instanceId: randomUUID(),
    host: hostname(),
    pid: process.pid,
  };
  private key: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private beating = false;
  private onLost: (message: string) => void = () => undefined;

  constructor(
    private readonly store: PollingLeaseStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Takes the lease of bot `botId` and keeps it with a heartbeat; `onLost` is told, with the
   * message to stop with, if another hub-bot takes it meanwhile. Resolves with null when this
   * hub-bot holds it, or the message to stop with when another one does.
   */
  async take(botId: number, onLost: (message: string) => void): Promise<string | null> {
    const key = `telegram:${botId}`;
    const outcome = await this.store.take(key, this.claimant).catch((error: unknown) => {
      throw new LeaseUnavailableError(error);
    });
    if (!outcome.held) {
      return describeRefusedLease(outcome.holder, this.clock(), this.store.staleAfterMs);
    }
    this.key = key;
    this.onLost = onLost;
    this.timer ??= setInterval(() => void this.heartbeat(), LEASE_HEARTBEAT_MS).unref();
    return null;
  }

  /** Renews the lease; tells `onLost` when another hub-bot holds it now. */
  async heartbeat(): Promise<void> {
    const key = this.key;
    if (key === undefined || this.beating) return;
    this.beating = true;
    try {
      const outcome = await this.store.renew(key, this.claimant.instanceId);
      if (!outcome.held && this.key === key) {
        this.stopBeating();
        this.onLost(describeLostLease(outcome.holder, this.clock()));
      }
    } catch (error) {
      // Tried again at the next beat; the lease goes stale only after several are missed.
      this.logger.warn({ msg: 'cannot renew the long-polling lease', err: error });
    } finally {
      this.beating = false;
    }
  }

  /** Gives the lease up so that the next hub-bot may poll at once. */
  async release(): Promise<void> {
    const key = this.key;
    this.stopBeating();
    if (key === undefined) return;
    try {
      await this.store.release(key, this.claimant.instanceId);
    } catch (error) {
      this.logger.warn({
        msg: `cannot release the long-polling lease; the next hub-bot may poll ${this.store.staleAfterMs / 1000} s after this one's last heartbeat`,
        err: error,
      });
    }
  }

  private stopBeating(): void {
    this.key = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
