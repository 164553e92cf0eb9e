import type { DeliverySettings, Mute } from './delivery-settings.interface';
import { isQuietAt, quietHoursEndAfter } from './quiet-hours.util';

/** Why a message was held, skipped or sent without sound. */
export const QUIET_REASONS = ['quiet-hours', 'mute', 'presence'] as const;
export type QuietReason = (typeof QUIET_REASONS)[number];

/** What the outbox is to do with one message now. */
export type DeliveryDecision =
  | { action: 'send'; silent: false }
  | { action: 'send'; silent: true; reason: QuietReason }
  /** Not now: look again at `until`, when the reason may be over. */
  | { action: 'hold'; reason: 'quiet-hours' | 'mute'; until: Date }
  /** Never: the person saw it happen at the terminal. */
  | { action: 'skip'; reason: 'presence' };

/** The facts about one message that the rules look at. */
export interface DeliveryCandidate {
  /** A request someone must answer (permission, question, plan): never held, never skipped. */
  isRequest: boolean;
  serverId: string | null;
  sessionId: number | null;
  /** Seconds since a person last typed in the session's tmux, as the hook saw it; null: unknown. */
  inputIdleSeconds: number | null;
}

/** The mutes that cover a message, of those still running at `now`. */
export function mutesCovering(
  candidate: Pick<DeliveryCandidate, 'serverId' | 'sessionId'>,
  mutes: readonly Mute[],
  now: Date,
): Mute[] {
  return mutes.filter((mute) => {
    if (mute.until.getTime() <= now.getTime()) return false;
    const { target } = mute;
    switch (target.kind) {
      case 'all':
        return true;
      case 'server':
        return target.serverId === candidate.serverId;
      case 'session':
        return target.sessionId === candidate.sessionId;
    }
  });
}

/** Whether the person was at the terminal, by the settings' window. */
export function wasAtTerminal(
  inputIdleSeconds: number | null,
  settings: Pick<DeliverySettings, 'presenceWindowSeconds'>,
): boolean {
  return (
    inputIdleSeconds !== null &&
    settings.presenceWindowSeconds > 0 &&
    inputIdleSeconds <= settings.presenceWindowSeconds
  );
}

/**
 * The rules, in one place. A request someone must answer always goes, without sound during
 * quiet hours or a mute unless the chat wants it loud. A notification: the quietest of what
 * applies wins (skip, then hold, then silent): at the terminal it is skipped or sent silently;
 * during quiet hours or a mute it is held until they end, or sent silently.
 */
export function decideDelivery(
  candidate: DeliveryCandidate,
  settings: DeliverySettings,
  mutes: readonly Mute[],
  now: Date,
): DeliveryDecision {
  const quiet =
    settings.quietHours !== null && isQuietAt(settings.quietHours, settings.timeZone, now);
  const covering = mutesCovering(candidate, mutes, now);
  const muted = covering.length > 0;

  if (candidate.isRequest) {
    if ((quiet || muted) && settings.quietRequests === 'silent') {
      return { action: 'send', silent: true, reason: quiet ? 'quiet-hours' : 'mute' };
    }
    return { action: 'send', silent: false };
  }

  if (wasAtTerminal(candidate.inputIdleSeconds, settings)) {
    if (settings.presenceMode === 'hold') return { action: 'skip', reason: 'presence' };
    if (!(quiet || muted) || settings.quietMode === 'silent') {
      return { action: 'send', silent: true, reason: 'presence' };
    }
  }
  if (!quiet && !muted) return { action: 'send', silent: false };
  if (settings.quietMode === 'silent') {
    return { action: 'send', silent: true, reason: quiet ? 'quiet-hours' : 'mute' };
  }
  // Held until the first of its reasons may be over; the rules are asked again then.
  const ends = covering.map((mute) => mute.until.getTime());
  if (quiet && settings.quietHours) {
    ends.push(quietHoursEndAfter(settings.quietHours, settings.timeZone, now).getTime());
  }
  return {
    action: 'hold',
    reason: quiet ? 'quiet-hours' : 'mute',
    until: new Date(Math.min(...ends)),
  };
}
