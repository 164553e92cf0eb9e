import {
  isNotificationType,
  requestKindOf,
  type NotificationType,
  type PermissionStatus,
  type RequestKind,
} from '@ccr/protocol';
import { NOTHING_CHOSEN, type ChosenDeliverySettings, type Mute } from '@ccr/delivery-domain';
import {
  formatSessionName,
  isSessionState,
  type NotificationView,
  type QuestionAnswerView,
  type SessionStatus,
  type SessionView,
} from '@ccr/session-domain';
import type { ChatSettingsEntity } from './entities/chat-settings.entity';
import type { LaunchEntity, LaunchStatus } from './entities/launch.entity';
import type { MuteEntity } from './entities/mute.entity';
import type { NotificationEntity } from './entities/notification.entity';
import {
  REQUEST_OUTBOX_KINDS,
  type OutboxEntity,
  type OutboxKind,
  type OutboxStatus,
} from './entities/outbox.entity';
import type { PermissionRequestEntity } from './entities/permission-request.entity';
import type { QuestionAnswerEntity } from './entities/question-answer.entity';
import type { SessionEntity } from './entities/session.entity';

/*
 * The one place where entity rows become what the apps see (sessions, notifications, requests
 * and their answers, launches, outbox items, a chat's delivery settings and mutes): every store
 * returns rows through these functions, so that a view looks the same whichever store returns
 * it. The stores' own result types (DecideResult, AnswerResult, …) are built from them.
 */

/** A session row as the apps see it. */
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
    // '' while the session has sent no notification (see SessionEntity.lastType).
    lastType: isNotificationType(row.lastType) ? row.lastType : null,
    // A CHECK constraint keeps the column to the states.
    state: isSessionState(row.state) ? row.state : 'idle',
    stateSince: new Date(row.stateSince),
    createdAt: new Date(row.createdAt),
    lastEventAt: new Date(row.lastEventAt),
    expiresAt: new Date(row.expiresAt),
  };
}

/** Sessions in the order people read their names: by server, then number (`kr4:2` < `kr4:10`). */
export function bySessionName(a: SessionView, b: SessionView): number {
  if (a.serverId !== b.serverId) return a.serverId < b.serverId ? -1 : 1;
  return a.seq - b.seq;
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

/** One request (a permission, a question or a plan), as the apps see it. */
export interface PermissionView {
  id: number;
  /** The CLI's id for the request. */
  requestId: string;
  sessionId: number;
  /** How it is asked and answered, told by the tool (requestKindOf). */
  kind: RequestKind;
  toolName: string;
  toolInput: Record<string, unknown>;
  /** Claude Code's `permission_suggestions`, as sent. */
  suggestions: Array<Record<string, unknown>>;
  permissionMode: string | null;
  status: PermissionStatus;
  decidedBy: string | null;
  /** When it left `pending` (a decision, expiry, or a newer event of its session). */
  decidedAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
  /** A plan sent back: what the person wrote. */
  feedback: string | null;
  /** When Keep planning asked for that feedback. */
  feedbackAskedAt: Date | null;
  /**
   * A question request's answers so far, by question, for the questions someone touched;
   * empty where the store did not read them (the views of requests it closed in bulk).
   */
  answers: QuestionAnswerView[];
}

/** A window hub-bot opened with /new, as the apps see it. */
export interface LaunchView {
  id: number;
  serverId: string;
  folder: string;
  tmux: { session: string; window: string; pane: string };
  /** Still to be typed; null once typed, or when there was none. */
  firstPrompt: string | null;
  chatId: string;
  requestedBy: string | null;
  status: LaunchStatus;
  /** The session the Claude in the window became, once its SessionStart came. */
  sessionId: number | null;
  createdAt: Date;
  /** When the window went (closed by the hub, or with Claude); null while it is open. */
  closedAt: Date | null;
}

/** One message waiting for Telegram, with what it reports. */
export interface OutboxItem {
  id: number;
  chatId: string;
  /** `message`: send it (merged with others); `permission`: send it alone, with buttons; `permission-outcome`: edit that message. */
  kind: OutboxKind;
  /** A request someone must answer: it goes first, and is never merged, held or skipped. */
  isRequest: boolean;
  /** `pending`, or `held` when quiet hours or a mute kept it back last time it was looked at. */
  status: OutboxStatus;
  /** Which of a request's messages a `permission` row sends (0 for the first, and for every other row). */
  part: number;
  attempts: number;
  createdAt: Date;
  /** How many older notifications of its session it stands for. */
  mergedCount: number;
  /** The notification a `message` row reports. */
  notification: NotificationView | null;
  /** The request a `permission` or `permission-outcome` row is about, as it is now. */
  permission: PermissionView | null;
  /** The session of the notification or of the permission request. */
  session: SessionView | null;
}

function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

export function toQuestionAnswerView(row: QuestionAnswerEntity): QuestionAnswerView {
  let options: number[] = [];
  try {
    const value: unknown = JSON.parse(row.options);
    if (Array.isArray(value)) options = value.filter((n): n is number => Number.isSafeInteger(n));
  } catch {
    // Only the answer store writes this column; a broken value reads as nothing chosen.
  }
  return {
    questionIndex: row.questionIndex,
    options,
    otherText: row.otherText,
    otherAskedAt: dateOrNull(row.otherAskedAt),
    answeredBy: row.answeredBy,
    answeredAt: dateOrNull(row.answeredAt),
  };
}

export function toPermissionView(row: PermissionRequestEntity): PermissionView {
  const toolInput = parseMetadata(row.toolInput);
  return {
    id: row.id,
    requestId: row.requestId,
    sessionId: row.sessionId,
    kind: requestKindOf(row.toolName, toolInput),
    toolName: row.toolName,
    toolInput,
    suggestions: parseObjectList(row.suggestions),
    permissionMode: row.permissionMode,
    // A CHECK constraint keeps the column to these values.
    status: row.status,
    decidedBy: row.decidedBy,
    decidedAt: dateOrNull(row.decidedAt),
    createdAt: new Date(row.createdAt),
    expiresAt: new Date(row.expiresAt),
    feedback: row.feedback ?? null,
    feedbackAskedAt: dateOrNull(row.feedbackAskedAt ?? null),
    answers: (row.answers ?? [])
      .map(toQuestionAnswerView)
      .sort((a, b) => a.questionIndex - b.questionIndex),
  };
}

/** A session row's status, as nextSessionStatus reads it. */
export function toSessionStatus(row: SessionEntity): SessionStatus {
  return {
    state: row.state as SessionStatus['state'],
    since: new Date(row.stateSince),
    promptId: row.statePromptId,
  };
}

/** A launch row as the apps see it. */
export function toLaunchView(row: LaunchEntity): LaunchView {
  return {
    id: row.id,
    serverId: row.serverId,
    folder: row.folder,
    tmux: { session: row.tmuxSession, window: row.tmuxWindow, pane: row.tmuxPane },
    firstPrompt: row.firstPrompt,
    chatId: row.chatId,
    requestedBy: row.requestedBy,
    status: row.status,
    sessionId: row.sessionId,
    createdAt: new Date(row.createdAt),
    closedAt: row.closedAt === null ? null : new Date(row.closedAt),
  };
}

/** A chat's settings row as what it chose; no row: nothing chosen. */
export function toChosenDeliverySettings(row: ChatSettingsEntity | null): ChosenDeliverySettings {
  if (!row) return NOTHING_CHOSEN;
  return {
    timeZone: row.timeZone,
    quietHours:
      row.quietStart === null || row.quietEnd === null
        ? null
        : { start: row.quietStart, end: row.quietEnd },
    quietMode: row.quietMode,
    quietRequests: row.quietRequests,
    presenceWindowSeconds: row.presenceWindowSeconds,
    presenceMode: row.presenceMode,
  };
}

/** A mute row as its target and end; a session's mute names the session (joined as `session`). */
export function toMute(row: MuteEntity): Mute {
  const until = new Date(row.until);
  if (row.sessionId !== null && row.session) {
    return {
      target: {
        kind: 'session',
        serverId: row.session.serverId,
        sessionId: row.sessionId,
        sessionName: formatSessionName(row.session.serverId, row.session.seq),
      },
      until,
    };
  }
  if (row.serverId !== null) return { target: { kind: 'server', serverId: row.serverId }, until };
  return { target: { kind: 'all' }, until };
}

/** An outbox row, joined with what it reports (see OutboxStore), as the sender reads it. */
export function toOutboxItem(row: OutboxEntity): OutboxItem {
  return {
    id: row.id,
    chatId: row.chatId,
    kind: row.kind,
    isRequest: REQUEST_OUTBOX_KINDS.has(row.kind),
    status: row.status,
    part: row.part,
    attempts: row.attempts,
    createdAt: new Date(row.createdAt),
    mergedCount: row.mergedCount,
    notification: row.notification ? toNotificationView(row.notification) : null,
    permission: row.permission ? toPermissionView(row.permission) : null,
    session: row.session ? toSessionView(row.session) : null,
  };
}

/** A stored JSON array of objects; anything else in it is left out rather than failing. */
export function parseObjectList(text: string): Array<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter(
          (item): item is Record<string, unknown> =>
            typeof item === 'object' && item !== null && !Array.isArray(item),
        )
      : [];
  } catch {
    return [];
  }
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
