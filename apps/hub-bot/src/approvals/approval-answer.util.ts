import type { PermissionStatus } from '@ccr/protocol';
import type { DecideResult } from '@ccr/session-data-access';
import { formatPermissionOutcome } from '@ccr/telegram-format';

/** Who pressed a button, as Telegram gives it. */
export interface Presser {
  id: number;
  first_name: string;
  username?: string;
}

export const REQUEST_GONE_ANSWER = 'This request is gone';
export const EXPIRED_ANSWER = 'Expired: Claude asks on the server now';

/** How a person is named in the decision and the edited message: `@ana`, or a first name. */
export function presserName(from: Presser): string {
  if (from.username) return `@${from.username}`;
  return from.first_name.trim() || `user ${from.id}`;
}

/** A settled request in a few words, as a callback answer says it. */
export function outcomeWords(status: PermissionStatus): string {
  switch (status) {
    case 'allow':
      return 'Allowed';
    case 'allow-session':
      return 'Allowed for this session';
    case 'deny':
      return 'Denied';
    case 'expired':
      return 'Expired';
    case 'answered-on-server':
      return 'Answered on the server';
    case 'pending':
      return 'Waiting';
  }
}

/**
 * What the presser hears (callback answer text) after `decide`: the decision recorded, or why
 * the press changed nothing. `decide` leaves a pending request alone only when its time is up
 * (its CLI has stopped waiting, even if hub-api has not marked it expired yet), so that is
 * Expired too.
 */
export function decisionAnswer(result: DecideResult): string {
  const { request } = result;
  if (result.changed) return outcomeWords(request.status);
  if (request.status === 'pending' || request.status === 'expired') return EXPIRED_ANSWER;
  const by =
    request.decidedBy && request.status !== 'answered-on-server' ? ` by ${request.decidedBy}` : '';
  return `Already answered: ${outcomeWords(request.status)}${by}`;
}

/** The request's message once decided: who answered what and when, the buttons gone. */
export function decidedMessageHtml(result: DecideResult, now: Date): string {
  const { request, session } = result;
  return formatPermissionOutcome({
    serverId: session.serverId,
    project: session.project,
    sessionName: session.name,
    token: session.token,
    toolName: request.toolName,
    toolInput: request.toolInput,
    hostname: session.hostname,
    expiresAt: request.expiresAt,
    now,
    outcome: request.status,
    decidedBy: request.decidedBy,
    decidedAt: request.decidedAt ?? now,
  });
}
