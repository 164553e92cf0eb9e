import {
  FIELD_LIMITS,
  MAX_BODY_BYTES,
  MAX_MESSAGE_CHARS,
  PROMPT_ID_PATTERN,
  type ClaudeHookInput,
  type HookEventPayload,
  type NotificationType,
  type NotifyMetadata,
  type NotifyPayload,
  type SessionEvent,
  type SessionEventPayload,
  type TmuxLocation,
} from '@ccr/protocol';
import { clipText } from '@ccr/shared-util';
import { METADATA_TEXT_LIMIT } from './notify.constant';

/** Everything known about one event when its body is built. */
interface EventFacts {
  serverId: string;
  input: ClaudeHookInput;
  cwd: string;
  project: string;
  hostname: string;
  tmux?: TmuxLocation;
  /** Seconds since a person typed in Claude's tmux session, when a client is attached. */
  inputIdleSeconds?: number;
  /** Claude's last reply, when one was found. */
  reply: string | null;
  eventId: string;
  sentAt: string;
}

/** Everything known about one event when its notification is built. */
export interface NotificationFacts extends EventFacts {
  type: NotificationType;
}

/** Everything known about a SessionStart, UserPromptSubmit or SessionEnd. */
export interface SessionEventFacts extends Omit<EventFacts, 'reply'> {
  event: SessionEvent;
}

/** The fields every event sends about where it comes from, each cut to its bound. */
function sourceFields(facts: Omit<EventFacts, 'reply'>) {
  const { input } = facts;
  return {
    serverId: facts.serverId,
    project: clipText(facts.project, FIELD_LIMITS.project),
    metadata: buildMetadata(input, facts.inputIdleSeconds),
    ...(input.session_id
      ? { claudeSessionId: clipText(input.session_id, FIELD_LIMITS.claudeSessionId) }
      : {}),
    cwd: clipText(facts.cwd, FIELD_LIMITS.cwd),
    hostname: clipText(facts.hostname, FIELD_LIMITS.hostname),
    // Checked part by part when read from tmux (see tmux.util.ts).
    ...(facts.tmux ? { tmux: facts.tmux } : {}),
  };
}

/** Claude Code's prompt id, when it is one the hub takes (it refuses the event otherwise). */
export function promptIdOf(input: ClaudeHookInput): string | undefined {
  const id = input.prompt_id;
  return typeof id === 'string' && PROMPT_ID_PATTERN.test(id) ? id : undefined;
}

/** The `/notify` body of a notification, every text cut to the bound the hub accepts. */
export function buildNotifyPayload(facts: NotificationFacts): NotifyPayload {
  const { input } = facts;
  const promptId = promptIdOf(input);
  return {
    ...sourceFields(facts),
    type: facts.type,
    ...(facts.reply ? { message: clipText(facts.reply, MAX_MESSAGE_CHARS) } : {}),
    ...(input.hook_event_name
      ? { event: clipText(input.hook_event_name, FIELD_LIMITS.event) }
      : {}),
    ...(promptId ? { promptId } : {}),
    sentAt: facts.sentAt,
    eventId: facts.eventId,
  };
}

/** The `/notify` body of a session event: no type and no reply, which it is not about. */
export function buildSessionEventPayload(facts: SessionEventFacts): SessionEventPayload {
  const promptId = promptIdOf(facts.input);
  return {
    ...sourceFields(facts),
    event: facts.event,
    ...(promptId ? { promptId } : {}),
    sentAt: facts.sentAt,
    eventId: facts.eventId,
  };
}

function buildMetadata(input: ClaudeHookInput, inputIdleSeconds?: number): NotifyMetadata {
  const metadata: NotifyMetadata = {};
  if (inputIdleSeconds !== undefined) metadata.inputIdleSeconds = inputIdleSeconds;
  if (input.hook_event_name === 'Notification' && input.message) {
    metadata.notification = clipText(input.message, METADATA_TEXT_LIMIT);
  }
  if (input.hook_event_name === 'SessionStart' && input.source) {
    metadata.source = clipText(input.source, METADATA_TEXT_LIMIT);
  }
  if (input.hook_event_name === 'SessionEnd' && input.reason) {
    metadata.reason = clipText(input.reason, METADATA_TEXT_LIMIT);
  }
  if (input.hook_event_name === 'StopFailure') {
    if (input.error) metadata.error = clipText(input.error, METADATA_TEXT_LIMIT);
    if (input.error_details) {
      metadata.errorDetails = clipText(input.error_details, METADATA_TEXT_LIMIT);
    }
  }
  return metadata;
}

/**
 * The JSON body, within MAX_BODY_BYTES. The reply is cut to MAX_MESSAGE_CHARS characters
 * already, but escaping and multi-byte characters can still make it too many bytes: it is
 * halved until the body fits.
 */
export function serializeNotifyPayload(payload: HookEventPayload): string {
  let body = JSON.stringify(payload);
  let message = 'message' in payload ? payload.message : undefined;
  while (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES && message) {
    message = clipText(message, Math.floor(message.length / 2)) || undefined;
    body = JSON.stringify({ ...payload, message });
  }
  return body;
}
