import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { HubConfig } from '@ccr/config';
import {
  CLAIM_TIMEOUT_MS,
  DeliverySettingsStore,
  OutboxStore,
  type ChatDeliveryState,
  type OutboxItem,
} from '@ccr/session-data-access';
import { CLOCK } from '@ccr/session-nest';
import { backoffDelay, type Backoff, type Clock } from '@ccr/shared-util';
import {
  TelegramApiError,
  TelegramBotApi,
  TelegramFailure,
  type TelegramRetry,
} from '@ccr/telegram-bot-api';
import type { ReplyDocument } from '@ccr/telegram-format';
import { HUB_CONFIG } from '../config/hub-config.constant';
import { nextMessage, type OutgoingMessage } from './outbox-batch.util';
import { planDelivery } from './outbox-plan.util';
import { wholeRepliesOf } from './reply-document.util';

/**
 * Due rows read per look at a chat, inside the write transaction that notifications wait on:
 * a few more than one digest holds. A session has one waiting notification at most, and rows a
 * look holds back leave the due set, so a later look reaches the rows after them.
 */
const LOOK_LIMIT = 64;
/** Longest sleep between looks at the table (rows and settings come from hub-bot too). */
const IDLE_POLL_MS = 5_000;
/**
 * A held row is looked at again when its hold may end, and at least this often: a time zone's
 * clock change or a settings change it was not told about cannot keep it for long.
 */
const MAX_HOLD_MS = 15 * 60_000;
/**
 * Between attempts at rows Telegram could not take (5xx, network), by how many attempts they
 * had; spread, so that rows retried together do not hit the API in one instant.
 */
const RETRY_BACKOFF: Backoff = { firstMs: 1_000, maxMs: 5 * 60_000, jitter: 0.25 };
const UNAUTHORIZED_RETRY_MS = 60_000;
/** Pause before looking again at rows that are due but were not sent in the last pass. */
const BUSY_RETRY_MS = 100;
/** How often a pass also releases claims another hub-api left when it stopped mid-send. */
const STALE_CLAIM_CHECK_MS = CLAIM_TIMEOUT_MS / 4;
/**
 * A whole reply goes out as a document right after its message, as a step of that delivery
 * rather than a row of its own: tried a few times within the call, short waits only.
 */
const DOCUMENT_RETRY: TelegramRetry = {
  attempts: 3,
  maxRetryAfterMs: 5_000,
  backoff: { firstMs: 500, maxMs: 2_000 },
};

/**
 * Delivers the outbox to Telegram: about one message per second per chat, requests before
 * notifications, each session's latest state only and a burst of sessions as one digest,
 * notifications held or sent silently by the chat's quiet hours, mutes and presence window,
 * 429 `retry_after` honoured, 5xx and network errors retried with backoff. Rows are claimed
 * before Telegram is asked and marked sent only after it accepted them, so a restart loses
 * nothing.
 */
@Injectable()
export class OutboxSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxSender.name);
  /** Each call is made once: a failed row is tried again from the database, at its own pace. */
  private readonly client: TelegramBotApi | undefined;
  /** For the whole replies that follow a message: see DOCUMENT_RETRY. */
  private readonly documentClient: TelegramBotApi | undefined;
  /** Per chat: the earliest time the next message may go (rate limit, 429). */
  private readonly chatOpensAt = new Map<string, number>();
  /** Per chat: until when quiet hours hold every notification, as the last look found. */
  private readonly chatQuietUntil = new Map<string, number>();
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeSleeper: (() => void) | undefined;
  private wakeRequested = false;
  /** The latest time the loop must look again, asked for by wakeFor while it slept or worked. */
  private lookBy: number | undefined;
  private shortenSleep: ((at: number) => void) | undefined;
  private lastUnauthorizedLog = Number.NEGATIVE_INFINITY;
  private lastStaleClaimCheck = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly settings: DeliverySettingsStore,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const { botToken, apiRoot } = config.telegram;
    this.client = botToken ? new TelegramBotApi({ apiRoot, token: botToken }) : undefined;
    this.documentClient = botToken
      ? new TelegramBotApi({ apiRoot, token: botToken, retry: DOCUMENT_RETRY })
      : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.client) {
      this.logger.warn(
        'TELEGRAM_BOT_TOKEN is not set: Telegram is off. Notifications are stored and listed by GET /sessions, but not sent.',
      );
      return;
    }
    await this.releaseStaleClaims();
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Called when rows were added, so they go out now rather than at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeSleeper?.();
  }

  /**
   * Notifications were queued for these chats. When every one of them is held by its rate
   * limit, or by quiet hours that hold every notification, a look now would only find them
   * held (two queries on the one database connection that notifications are written through,
   * for each notification of a burst): the loop looks when the first of them opens instead.
   */
  wakeFor(chatIds: readonly string[]): void {
    const now = this.now();
    const opens = chatIds.map((chatId) => {
      const quietUntil = this.chatQuietUntil.get(chatId) ?? 0;
      // Quiet hours end when a look finds them over; the idle poll looks in time for that.
      return Math.max(this.chatOpensAt.get(chatId) ?? 0, quietUntil > now ? Infinity : 0);
    });
    if (opens.length === 0 || opens.some((at) => at <= now)) {
      this.wake();
      return;
    }
    const at = Math.min(...opens);
    if (at === Infinity) return;
    this.lookBy = Math.min(this.lookBy ?? at, at);
    this.shortenSleep?.(at);
  }

  private now(): number {
    return this.clock().getTime();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let earliestOpen: number | undefined;
      try {
        earliestOpen = await this.deliverDue();
      } catch (error) {
        this.logger.error({ msg: 'outbox pass failed', err: error });
      }
      if (!this.running) break;
      await this.sleep(await this.idleDelay(earliestOpen));
    }
  }

  /**
   * Claims a hub-api (this one before a restart, or another replica) left unanswered for
   * CLAIM_TIMEOUT_MS: it stopped while asking Telegram, and the rows wait again.
   */
  private async releaseStaleClaims(): Promise<void> {
    this.lastStaleClaimCheck = this.now();
    const released = await this.outbox.releaseStaleClaims();
    if (released > 0) {
      this.logger.warn({
        msg: 'messages claimed by a hub-api that stopped were not confirmed by Telegram: sending them again',
        rows: released,
      });
    }
  }

  /** Sends one message to every chat that has due rows and may send; returns when a throttled chat opens. */
  private async deliverDue(): Promise<number | undefined> {
    this.wakeRequested = false;
    if (this.now() - this.lastStaleClaimCheck >= STALE_CLAIM_CHECK_MS) {
      await this.releaseStaleClaims();
    }
    const chats = await this.outbox.dueChats();
    const opens: number[] = [];
    // One chat after the other: they share one database connection anyway.
    for (const chatId of chats) {
      const at = await this.deliverToChat(chatId);
      if (at !== undefined) opens.push(at);
    }
    return opens.length > 0 ? Math.min(...opens) : undefined;
  }

  private async deliverToChat(chatId: string): Promise<number | undefined> {
    const opensAt = this.chatOpensAt.get(chatId) ?? 0;
    if (this.now() < opensAt) return opensAt;

    const state = await this.settings.forChat(chatId);
    const look = await this.outbox.takeDue(chatId, LOOK_LIMIT, (items) =>
      this.decide(items, state),
    );
    if ('closed' in look) {
      // Its rate limit, as another hub-api process set it; or that process is on it now.
      const at = look.opensAt?.getTime() ?? this.now() + BUSY_RETRY_MS;
      this.chatOpensAt.set(chatId, at);
      return at;
    }
    const { plan, message } = look;
    this.chatQuietUntil.set(
      chatId,
      Math.min(plan.holdsAllNotificationsUntil?.getTime() ?? 0, this.now() + IDLE_POLL_MS),
    );
    if (look.expired.length > 0) {
      this.logger.warn({ msg: 'not delivered before the session expired', rows: look.expired });
    }
    if (plan.skip.length > 0) {
      this.logger.log({ msg: 'not sent: the person was at the terminal', rows: plan.skip });
    }
    for (const hold of plan.hold) {
      this.logger.log({
        msg: 'held',
        reason: hold.reason,
        rows: hold.ids.length,
        until: hold.until.toISOString(),
      });
    }
    if (!message || !this.client) return undefined;
    if (message.kind === 'drop') {
      this.logger.warn({ msg: 'outbox row not sent', reason: message.reason, rows: message.ids });
      return undefined;
    }
    try {
      const done =
        message.kind === 'send'
          ? await this.send(this.client, chatId, message, wholeRepliesOf(look.items, message.ids))
          : await this.edit(this.client, chatId, message);
      if (!done) return undefined;
      const next = this.nextSlot();
      this.chatOpensAt.set(chatId, next);
      return next;
    } catch (error) {
      return this.handleFailure(chatId, message.ids, look.items, error);
    }
  }

  private async send(
    client: TelegramBotApi,
    chatId: string,
    message: Extract<OutgoingMessage, { kind: 'send' }>,
    wholeReplies: readonly ReplyDocument[],
  ): Promise<boolean> {
    const sent = await client.sendMessage(chatId, message.text, {
      replyMarkup: message.replyMarkup,
      disableNotification: message.silent,
    });
    await this.outbox.markSent(message.ids, sent.message_id, {
      silent: message.silent,
      quietReason: message.quietReason,
      // Whole replies follow the message: the chat stays closed until they are sent.
      chatOpensAt: new Date(
        wholeReplies.length > 0 ? this.now() + CLAIM_TIMEOUT_MS : this.nextSlot(),
      ),
    });
    this.logger.log({
      msg: 'telegram message sent',
      rows: message.ids.length,
      messageId: sent.message_id,
      buttons: message.replyMarkup !== undefined,
      ...(message.silent ? { silent: message.quietReason } : {}),
    });
    for (const document of wholeReplies) {
      await this.sendWholeReply(chatId, sent.message_id, document);
    }
    if (wholeReplies.length > 0) await this.outbox.openChatAt(chatId, new Date(this.nextSlot()));
    return true;
  }

  /** When a chat that took a message now may take the next: about one a second. */
  private nextSlot(): number {
    return this.now() + this.config.telegram.chatIntervalMs;
  }

  /**
   * A reply too long for its message, whole, as a Markdown document under it. The message is
   * delivered already: a document Telegram will not take is logged, never retried from the
   * table (the message says the first part either way).
   */
  private async sendWholeReply(
    chatId: string,
    messageId: number,
    document: ReplyDocument,
  ): Promise<void> {
    try {
      await this.documentClient?.sendDocument(
        chatId,
        {
          name: document.fileName,
          content: Buffer.from(document.content, 'utf8'),
          contentType: 'text/markdown',
        },
        // Its message made the sound (or was meant to be silent): one buzz is enough.
        {
          captionHtml: document.captionHtml,
          replyToMessageId: messageId,
          disableNotification: true,
        },
      );
      this.logger.log({
        msg: 'whole reply sent as a document',
        messageId,
        file: document.fileName,
      });
    } catch (error) {
      this.logger.warn({
        msg: 'whole reply not sent as a document; its message has the first part',
        messageId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * Edits a request's messages in this chat to its outcome, each to its own part. Returns
   * false when nothing was sent to Telegram: the request's messages never went out, so there
   * is nothing to edit, and the unsent ones are failed too (their buttons would answer nothing).
   */
  private async edit(
    client: TelegramBotApi,
    chatId: string,
    message: Extract<OutgoingMessage, { kind: 'edit' }>,
  ): Promise<boolean> {
    const targets = (await this.outbox.sentMessageOf(message.permissionId)).filter(
      (target) => target.chatId === chatId,
    );
    if (targets.length === 0) {
      const superseded = await this.outbox.supersedeUnsentPermission(
        message.permissionId,
        chatId,
        `superseded: the permission request was ${message.outcome} before its message was sent`,
      );
      await this.outbox.markFailed(
        message.ids,
        'nothing to edit: the permission request message was never sent to this chat',
      );
      this.logger.warn({
        msg: 'permission outcome not shown: its request message was never sent',
        permissionId: message.permissionId,
        outcome: message.outcome,
        supersededRows: superseded,
      });
      return false;
    }
    for (const target of targets) {
      const shown = message.messages[target.part];
      if (!shown) continue;
      await client.editMessageText(chatId, target.messageId, shown.html, shown.replyMarkup);
    }
    await this.outbox.markSent(message.ids, targets[0].messageId, {
      chatOpensAt: new Date(this.nextSlot()),
    });
    this.logger.log({
      msg: 'permission message edited to its outcome',
      permissionId: message.permissionId,
      outcome: message.outcome,
      messageId: targets[0].messageId,
    });
    return true;
  }

  private async handleFailure(
    chatId: string,
    ids: number[],
    items: OutboxItem[],
    error: unknown,
  ): Promise<number | undefined> {
    const now = this.now();
    if (!(error instanceof TelegramApiError)) {
      // Not Telegram's answer (the database, a bug): the claimed rows wait again, not for ever.
      await this.outbox.markRetry(ids, String(error), new Date(now + BUSY_RETRY_MS));
      throw error;
    }
    const attempts = Math.max(
      ...items.filter((item) => ids.includes(item.id)).map((item) => item.attempts),
    );
    switch (error.failure) {
      case TelegramFailure.RateLimited: {
        const retryAt = now + (error.retryAfterSeconds ?? 1) * 1000;
        this.chatOpensAt.set(chatId, retryAt);
        await this.outbox.markRetry(ids, error.message, new Date(retryAt), {
          chatOpensAt: new Date(retryAt),
        });
        this.logger.warn({
          msg: 'telegram rate limit: waiting as asked',
          retryAfterSeconds: error.retryAfterSeconds,
        });
        return retryAt;
      }
      case TelegramFailure.Transient: {
        const retryAt = now + backoffDelay(attempts, RETRY_BACKOFF);
        // The chat waits as a whole, so that a newer row cannot overtake the one retried.
        this.chatOpensAt.set(chatId, retryAt);
        await this.outbox.markRetry(ids, error.message, new Date(retryAt), {
          chatOpensAt: new Date(retryAt),
        });
        this.logger.warn({
          msg: 'telegram send failed: will retry',
          error: error.message,
          attempt: attempts + 1,
        });
        return retryAt;
      }
      case TelegramFailure.Unauthorized: {
        await this.outbox.markRetry(ids, error.message, new Date(now + UNAUTHORIZED_RETRY_MS));
        if (now - this.lastUnauthorizedLog > UNAUTHORIZED_RETRY_MS) {
          this.lastUnauthorizedLog = now;
          this.logger.error({
            msg: 'telegram refused the bot token: check TELEGRAM_BOT_TOKEN (messages are kept until it works)',
            error: error.message,
          });
        }
        return undefined;
      }
      case TelegramFailure.Rejected:
        await this.outbox.markFailed(ids, error.message);
        this.logger.error({
          msg: 'telegram rejected a message: not retried (check TELEGRAM_CHAT_ID and that the bot may write there)',
          error: error.message,
          rows: ids.length,
        });
        return undefined;
    }
  }

  /**
   * What to do with a chat's due rows, inside the outbox's write transaction (so it must not
   * wait on anything): fail those older than a session's lifetime (no use to anyone), apply
   * the chat's quiet hours, mutes and presence window, and pick the next message.
   */
  private decide(items: OutboxItem[], state: ChatDeliveryState) {
    const now = new Date(this.now());
    const oldest = now.getTime() - this.config.sessionTtlHours * 3_600_000;
    const expired = items.filter((item) => item.createdAt.getTime() < oldest).map((i) => i.id);
    const fresh = items.filter((item) => item.createdAt.getTime() >= oldest);
    const plan = planDelivery(fresh, state, this.config.delivery, now);
    const message = nextMessage(plan.sendable, now);
    const hold = plan.hold.map((held) => ({
      ...held,
      // Looked at again when the hold may end, and never later than MAX_HOLD_MS from now.
      until: new Date(
        Math.max(Math.min(held.until.getTime(), now.getTime() + MAX_HOLD_MS), now.getTime() + 1),
      ),
    }));
    const fail = [
      ...(expired.length > 0
        ? [{ ids: expired, error: 'not delivered before the session expired' }]
        : []),
      ...(message?.kind === 'drop' ? [{ ids: message.ids, error: message.reason }] : []),
    ];
    return {
      items,
      expired,
      plan,
      message,
      claim: message && message.kind !== 'drop' ? message.ids : [],
      hold,
      skip: plan.skip.length > 0 ? [{ ids: plan.skip, reason: 'presence' as const }] : [],
      fail,
    };
  }

  private async idleDelay(earliestOpen: number | undefined): Promise<number> {
    if (this.wakeRequested) return 0;
    const now = this.now();
    const nextDue = (await this.outbox.nextDueAt())?.getTime();
    let wakeAt = Math.min(now + IDLE_POLL_MS, this.lookBy ?? Infinity);
    this.lookBy = undefined;
    if (nextDue !== undefined && nextDue > now) wakeAt = Math.min(wakeAt, nextDue);
    // Rows already due but held by a chat's rate limit: look again when that chat opens.
    if (nextDue !== undefined && nextDue <= now) {
      wakeAt = Math.min(wakeAt, earliestOpen ?? now + BUSY_RETRY_MS);
    }
    return Math.max(0, wakeAt - now);
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.wakeRequested) return Promise.resolve();
    return new Promise((resolve) => {
      let endsAt = this.now() + ms;
      let timer = setTimeout(done, ms);
      const finish = () => {
        this.wakeSleeper = undefined;
        this.shortenSleep = undefined;
        done();
      };
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = finish;
      this.shortenSleep = (at) => {
        if (at >= endsAt) return;
        endsAt = at;
        clearTimeout(timer);
        timer = setTimeout(finish, Math.max(0, at - this.now()));
      };
    });
  }
}
