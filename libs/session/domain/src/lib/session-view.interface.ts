import type { NotificationType } from '@ccr/protocol';
import type { SessionState } from './session-state.util';
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
  /** The type of its last notification; null while it has sent none (only session events). */
  lastType: NotificationType | null;
  /** What it is doing, from its hook events, and since when. */
  state: SessionState;
  stateSince: Date;
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
