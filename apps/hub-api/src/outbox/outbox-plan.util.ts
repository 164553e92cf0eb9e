import {
  decideDelivery,
  deliverySettingsOf,
  isQuietAt,
  quietHoursEndAfter,
  type DeliveryDefaults,
  type QuietReason,
} from '@ccr/delivery-domain';
import { inputIdleSecondsOf } from '@ccr/protocol';
import type { ChatDeliveryState, OutboxItem } from '@ccr/session-data-access';

/** A row that may go out now, and how. */
export interface SendableItem {
  item: OutboxItem;
  silent: boolean;
  /** Why it goes without sound; null when it goes with sound. */
  quietReason: QuietReason | null;
}

/** What to do with a chat's due rows now. */
export interface DeliveryPlan {
  /** In the order given: requests first, then the edits that close them, then notifications. */
  sendable: SendableItem[];
  /** Kept back until `until`, when the rules are asked again. */
  hold: Array<{ ids: number[]; reason: 'quiet-hours' | 'mute'; until: Date }>;
  /** Never sent: the person was at the terminal. */
  skip: number[];
  /**
   * Set while quiet hours hold every notification of the chat: until then a new notification
   * can only be held, so the sender need not look for it.
   */
  holdsAllNotificationsUntil?: Date;
}

/**
 * Applies the chat's quiet hours, mutes and presence window (its choices, else the hub's
 * defaults) to each due row. The rules are decideDelivery's; an edit that closes a request is
 * not news and notifies nobody, so it simply goes.
 */
export function planDelivery(
  items: readonly OutboxItem[],
  state: ChatDeliveryState,
  defaults: DeliveryDefaults,
  now: Date,
): DeliveryPlan {
  const settings = deliverySettingsOf(state.chosen, defaults);
  const plan: DeliveryPlan = { sendable: [], hold: [], skip: [] };
  const holds = new Map<string, DeliveryPlan['hold'][number]>();
  for (const item of items) {
    if (item.kind === 'permission-outcome') {
      plan.sendable.push({ item, silent: false, quietReason: null });
      continue;
    }
    const decision = decideDelivery(
      {
        isRequest: item.isRequest,
        serverId: item.session?.serverId ?? null,
        sessionId: item.session?.id ?? null,
        inputIdleSeconds: inputIdleSecondsOf(item.notification?.metadata) ?? null,
      },
      settings,
      state.mutes,
      now,
    );
    switch (decision.action) {
      case 'send':
        plan.sendable.push({
          item,
          silent: decision.silent,
          quietReason: decision.silent ? decision.reason : null,
        });
        break;
      case 'skip':
        plan.skip.push(item.id);
        break;
      case 'hold': {
        const key = `${decision.reason}@${decision.until.getTime()}`;
        const hold = holds.get(key) ?? { ids: [], reason: decision.reason, until: decision.until };
        hold.ids.push(item.id);
        holds.set(key, hold);
        break;
      }
    }
  }
  plan.hold = [...holds.values()];
  const { quietHours, timeZone, quietMode } = settings;
  if (quietHours && quietMode === 'hold' && isQuietAt(quietHours, timeZone, now)) {
    plan.holdsAllNotificationsUntil = quietHoursEndAfter(quietHours, timeZone, now);
  }
  return plan;
}
