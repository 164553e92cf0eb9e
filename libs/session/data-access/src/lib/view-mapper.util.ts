import type { NotificationType } from '@ccr/protocol';
import { formatSessionName, type NotificationView, type SessionView } from '@ccr/session-domain';
import type { NotificationEntity } from './entities/notification.entity';
import type { SessionEntity } from './entities/session.entity';

/** Rows become views here and nowhere else. */
export function toSessionView(row: SessionEntity): SessionView {
  return {
    id: row.id,
    serverId: row.serverId,
    seq: row.seq,
    name: formatSessionName(row.serverId, row.seq),
    token: row.token,
    claudeSessionId: row.claudeSessionId,
    project: row.project,
    cwd: row.cwd,
    hostname: row.hostname,
    tmux: { session: row.tmuxSession, window: row.tmuxWindow, pane: row.tmuxPane },
    // Only SessionStore writes this column, and it checks the type first.
    lastType: row.lastType as NotificationType,
    createdAt: new Date(row.createdAt),
    lastEventAt: new Date(row.lastEventAt),
    expiresAt: new Date(row.expiresAt),
  };
}

export function toNotificationView(row: NotificationEntity): NotificationView {
  return {
    id: row.id,
    sessionId: row.sessionId,
    eventId: row.eventId,
    // Only SessionStore writes this column, and it checks the type first.
    type: row.type as NotificationType,
    event: row.event,
    message: row.message,
    metadata: parseMetadata(row.metadata),
    sentAt: row.sentAt === null ? null : new Date(row.sentAt),
    receivedAt: new Date(row.receivedAt),
  };
}

/** Stored metadata is always a JSON object; anything else reads as empty rather than failing. */
export function parseMetadata(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function toEpochMs(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date');
  return ms;
}
