import {
  isNotificationType,
  requestKindOf,
  type NotificationType,
  type PermissionStatus,
  type RequestKind,
} from '@ccr/protocol';
import {
  formatSessionName,
  isSessionState,
  type NotificationView,
  type QuestionAnswerView,
  type SessionView,
} from '@ccr/session-domain';
import type { NotificationEntity } from './entities/notification.entity';
import type { PermissionRequestEntity } from './entities/permission-request.entity';
import type { QuestionAnswerEntity } from './entities/question-answer.entity';
import type { SessionEntity } from './entities/session.entity';

/*
 * Entity rows become the views the apps share (SessionView, NotificationView, PermissionView)
 * through these functions, in every store, so that a view looks the same whichever store
 * returns it. The stores' own result types (OutboxItem, DecideResult, …) are built from them.
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
