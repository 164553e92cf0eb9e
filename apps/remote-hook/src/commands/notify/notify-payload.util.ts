import {
  FIELD_LIMITS,
  MAX_BODY_BYTES,
  MAX_MESSAGE_CHARS,
  type ClaudeHookInput,
  type NotificationType,
  type NotifyMetadata,
  type NotifyPayload,
  type TmuxLocation,
} from '@ccr/protocol';
import { clipText } from '@ccr/shared-util';
import { METADATA_TEXT_LIMIT } from './notify.constant';

/** Everything known about one event when its notification is built. */
export interface NotificationFacts {
  serverId: string;
  type: NotificationType;
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

/** The `/notify` body, every text cut to the bound the hub accepts. */
export function buildNotifyPayload(facts: NotificationFacts): NotifyPayload {
  const { input } = facts;
  const payload: NotifyPayload = {
    serverId: facts.serverId,
    type: facts.type,
    project: clipText(facts.project, FIELD_LIMITS.project),
    metadata: buildMetadata(input, facts.inputIdleSeconds),
  };
  if (input.session_id) {
    payload.claudeSessionId = clipText(input.session_id, FIELD_LIMITS.claudeSessionId);
  }
  payload.cwd = clipText(facts.cwd, FIELD_LIMITS.cwd);
  payload.hostname = clipText(facts.hostname, FIELD_LIMITS.hostname);
  // Checked part by part when read from tmux (see tmux.util.ts).
  if (facts.tmux) payload.tmux = facts.tmux;
  if (facts.reply) payload.message = clipText(facts.reply, MAX_MESSAGE_CHARS);
  if (input.hook_event_name) payload.event = clipText(input.hook_event_name, FIELD_LIMITS.event);
  payload.sentAt = facts.sentAt;
  payload.eventId = facts.eventId;
  return payload;
}

function buildMetadata(input: ClaudeHookInput, inputIdleSeconds?: number): NotifyMetadata {
  const metadata: NotifyMetadata = {};
  if (inputIdleSeconds !== undefined) metadata.inputIdleSeconds = inputIdleSeconds;
  if (input.hook_event_name === 'Notification' && input.message) {
    metadata.notification = clipText(input.message, METADATA_TEXT_LIMIT);
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
export function serializeNotifyPayload(payload: NotifyPayload): string {
  let body = JSON.stringify(payload);
  let message = payload.message;
  while (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES && message) {
    message = clipText(message, Math.floor(message.length / 2)) || undefined;
    body = JSON.stringify({ ...payload, message });
  }
  return body;
}
