import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { PermissionStore } from '@ccr/session-data-access';
import { CLOCK } from '@ccr/session-nest';
import type { Clock } from '@ccr/shared-util';
import { OutboxSender } from '../outbox/outbox-sender.service';

/** Never sleep longer than this, so that a jump of the wall clock is caught up with. */
const MAX_SLEEP_MS = 60_000;
/** Expiry is shown to a person: a few milliseconds late is fine; a busy loop is not. */
const MIN_SLEEP_MS = 50;
const RETRY_MS = 1_000;

/**
 * Expires pending permission requests when their CLI stops waiting, and has the sender edit
 * their messages. It sleeps until the next request is due; a new request wakes it, and so does
 * the start of the hub (requests may be pending from before a restart).
 */
@Injectable()
export class PermissionExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PermissionExpiry.name);
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private checkAgain = false;

  constructor(
    private readonly permissions: PermissionStore,
    private readonly sender: OutboxSender,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.checking;
  }

  /** A request was stored: its expiry may come before the one slept towards. */
  wake(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = this.check().finally(() => {
      this.checking = undefined;
      if (this.checkAgain) {
        this.checkAgain = false;
        this.wake();
      }
    });
  }

  private async check(): Promise<void> {
    let sleepMs: number | undefined;
    try {
      const expired = await this.permissions.expireDue();
      if (expired.length > 0) {
        this.logger.log({
          msg: 'permission requests expired',
          permissionIds: expired.map((request) => request.id),
        });
        this.sender.wake();
      }
      const next = await this.permissions.nextExpiryAt();
      sleepMs =
        next === null
          ? undefined
          : Math.min(MAX_SLEEP_MS, Math.max(MIN_SLEEP_MS, next.getTime() - this.clock().getTime()));
    } catch (error) {
      this.logger.error({ msg: 'expiring permission requests failed: will retry', err: error });
      sleepMs = RETRY_MS;
    }
    if (this.running && sleepMs !== undefined) {
      this.timer = setTimeout(() => this.wake(), sleepMs);
    }
  }
}
