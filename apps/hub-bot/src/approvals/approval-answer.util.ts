import type { DecideResult } from '@ccr/session-data-access';
import { permissionOutcomeWords } from '@ccr/telegram-format';

/** Who pressed a button, as Telegram gives it. */
export interface Presser {
  id: number;
  first_name: string;
  username?: string;
}

export const REQUEST_GONE_ANSWER = 'This request is gone';
export const EXPIRED_ANSWER = 'Timed out: Claude asks on the server now';

/** How a person is named in the decision and the edited message: `@ana`, or a first name. */
export function presserName(from: Presser): string {
  if (from.username) return `@${from.username}`;
  return from.first_name.trim() || `user ${from.id}`;
}

/**
 * What the presser hears (callback answer text) after `decide`: the decision recorded, or why
 * the press changed nothing. `decide` leaves a pending request alone only when its time is up
 * (its CLI has stopped waiting, even if hub-api has not marked it expired yet), so that is
 * Timed out too.
 */
export function decisionAnswer(result: DecideResult): string {
  const { request } = result;
  if (result.changed) return permissionOutcomeWords(request.status);
  if (request.status === 'pending' || request.status === 'expired') return EXPIRED_ANSWER;
  const by =
    request.decidedBy && request.status !== 'answered-on-server' ? ` by ${request.decidedBy}` : '';
  return `Already answered: ${permissionOutcomeWords(request.status)}${by}`;
}
