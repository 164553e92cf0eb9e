import type { NotificationType } from '@ccr/protocol';
import type { StoredTmuxLocation } from './tmux-target.util';

/** A session as the apps see it, whatever the storage. */
export interface SessionView {
  id: number;
  serverId: string;
  seq: number;
  /** Public name, `<serverId>:<seq>`. */
  name: string;
  token: string;
  claudeSessionId: string | null;
  project: string;
  cwd: string | null;
  hostname: string | null;
  tmux: StoredTmuxLocation;
  lastType: NotificationType;
  createdAt: Date;
  lastEventAt: Date;
  expiresAt: Date;
}

/** One stored notification of a session. */
export interface NotificationView {
  id: number;
  sessionId: number;
  eventId: string | null;
  type: NotificationType;
  event: string | null;
  message: string | null;
  metadata: Record<string, unknown>;
  /** When the hook ran, by the server's clock. */
  sentAt: Date | null;
  /** When the hub stored it, by the hub's clock. */
  receivedAt: Date;
}
