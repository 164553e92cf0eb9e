import type { SessionEvent } from './claude-hook';
import type { NotificationType } from './notification-type.constant';

/** Largest request body hub-api accepts on `POST /notify`. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Claude's last reply is cut to this many characters before it is sent. The chat shows what
 * fits in one message and gets a reply longer than that whole as a document, so this bound is
 * only there to keep the body within MAX_BODY_BYTES.
 */
export const MAX_MESSAGE_CHARS = 32_000;

/** Server ids name a machine in servers.json and start every public session name. */
export const SERVER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** Bounds on the free-text fields of a notification, in characters. */
export const FIELD_LIMITS = {
  project: 200,
  claudeSessionId: 128,
  cwd: 1024,
  hostname: 255,
  event: 64,
  eventId: 128,
  promptId: 128,
  tmuxSession: 256,
  tmuxWindow: 16,
  tmuxPane: 16,
} as const;

/** Claude Code's prompt ids are UUIDs; anything id-like of bounded length is taken. */
export const PROMPT_ID_PATTERN = new RegExp(`^[A-Za-z0-9._:-]{1,${FIELD_LIMITS.promptId}}$`);

/** Each part is sent when known: outside tmux there is none, without a tmux binary only the pane. */
export interface TmuxLocation {
  /** tmux session name (`#S`). */
  session?: string;
  /** window index (`#I`). */
  window?: string;
  /** pane id (`#D`, such as `%3`): stable while the pane lives, unique on its tmux server. */
  pane?: string;
}

/** What remote-hook puts in `metadata`; other keys a plain `curl` sends are kept as they are. */
export interface NotifyMetadata {
  /** Notification hook: the text Claude Code shows ("Claude needs your permission to use Bash"). */
  notification?: string;
  /** StopFailure: the error kind (`rate_limit`) and its details (`429 Too Many Requests`). */
  error?: string;
  errorDetails?: string;
  /**
   * Seconds since a person last typed in the tmux session Claude runs in (through any client
   * attached to it), as tmux reports it; absent outside tmux or when no client is attached. The
   * hub keeps quiet about a session someone is typing in. In `metadata` rather than a field of
   * its own, so that a hub older than it keeps it with the rest instead of refusing the event.
   */
  inputIdleSeconds?: number;
  /** SessionStart: how the session began (`startup`, `resume`, `clear`, `compact`). */
  source?: string;
  /** SessionEnd: why it ended (`prompt_input_exit`, `clear`, `logout`, `other`). */
  reason?: string;
  [key: string]: unknown;
}

/** Longer ago than this reads as this: nobody is at that terminal anyway. */
export const MAX_INPUT_IDLE_SECONDS = 86_400;

/** What `metadata.inputIdleSeconds` may hold, said to whoever sends something else. */
export const INPUT_IDLE_SECONDS_RULE = `inputIdleSeconds must be a whole number of seconds from 0 to ${MAX_INPUT_IDLE_SECONDS}`;

/**
 * `metadata.inputIdleSeconds` when it is there and valid; undefined when absent; null when it
 * is there but not a whole number from 0 to MAX_INPUT_IDLE_SECONDS.
 */
export function inputIdleSecondsOf(metadata: unknown): number | null | undefined {
  if (typeof metadata !== 'object' || metadata === null || !('inputIdleSeconds' in metadata)) {
    return undefined;
  }
  const value = (metadata as { inputIdleSeconds?: unknown }).inputIdleSeconds;
  if (value === undefined) return undefined;
  return typeof value === 'number' &&
    Number.isSafeInteger(value) &&
    value >= 0 &&
    value <= MAX_INPUT_IDLE_SECONDS
    ? value
    : null;
}

/** What every event from a Claude session says about where it comes from. */
interface HookEventFields {
  serverId: string;
  project: string;
  metadata?: NotifyMetadata;
  claudeSessionId?: string;
  cwd?: string;
  hostname?: string;
  tmux?: TmuxLocation;
  /** The Claude Code hook event that caused it (`Stop`, `Notification`, …). */
  event?: string;
  /** Claude Code's `prompt_id`: the events of one turn share it. */
  promptId?: string;
  /** ISO-8601 time the hook ran. */
  sentAt?: string;
  /** Unique per event: a retried POST is stored once. */
  eventId?: string;
}

/**
 * Body of `POST /notify` for a notification. `serverId`, `type`, `project` and `metadata` are
 * the original shape, which a plain `curl` may still send; the rest is what remote-hook adds.
 */
export interface NotifyPayload extends HookEventFields {
  type: NotificationType;
  /** Claude's last reply, cut to MAX_MESSAGE_CHARS. */
  message?: string;
}

/**
 * Body of `POST /notify` for a session event (SessionStart, UserPromptSubmit, SessionEnd): no
 * `type`, since it is worth no message; it tells the hub where the session stands.
 */
export interface SessionEventPayload extends HookEventFields {
  event: SessionEvent;
  type?: undefined;
}

/** Everything `POST /notify` takes. */
export type HookEventPayload = NotifyPayload | SessionEventPayload;

/** 202 answer of `POST /notify`. */
export interface NotifyAccepted {
  /** Public session name, `<serverId>:<n>`. */
  session: string;
  token: string;
  /** False when the eventId had been stored already. */
  stored: boolean;
}

/** 4xx answers carry a machine-readable code and a message a person can act on. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** For 400: the field that is wrong. */
  field?: string;
}

/** Paths on hub-api. `POST /ping` takes the same auth as `/notify` and stores nothing. */
export const HUB_PATHS = {
  notify: '/notify',
  ping: '/ping',
  health: '/health',
  sessions: '/sessions',
  servers: '/servers',
  permissions: '/permissions',
  permissionWait: '/permissions/wait',
  permissionAnswered: '/permissions/answered-on-server',
} as const;

/** 200 answer of `POST /ping`: the signature was good for this server. */
export interface PingAccepted {
  ok: true;
  serverId: string;
  /** False when the server is not in the hub's servers.json (notifications still work). */
  knownServer: boolean;
}
