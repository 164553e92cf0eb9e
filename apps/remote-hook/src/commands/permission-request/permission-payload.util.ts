import {
  FIELD_LIMITS,
  MAX_BODY_BYTES,
  PERMISSION_LIMITS,
  type ClaudeHookInput,
  type PermissionRequestPayload,
  type TmuxLocation,
} from '@ccr/protocol';
import { clipText } from '@ccr/shared-util';
import {
  CUT_TOOL_INPUT_KEY,
  MIN_TOOL_INPUT_CHARS,
  PERMISSION_MODE_LIMIT,
} from './permission-request.constant';
import { promptIdOf } from '../notify/notify-payload.util';

/** Everything known about one permission request when its body is built. */
export interface PermissionFacts {
  serverId: string;
  /** The hook input; `tool_name` is known to be set. */
  input: ClaudeHookInput;
  toolName: string;
  cwd: string;
  project: string;
  hostname: string;
  tmux?: TmuxLocation;
  requestId: string;
  timeoutSeconds: number;
  sentAt: string;
}

type JsonRecord = Record<string, unknown>;

/** The suggestions Claude Code offered that are objects, in order: one is echoed back as is. */
export function permissionSuggestions(input: ClaudeHookInput): JsonRecord[] {
  return (input.permission_suggestions ?? []).filter(
    (suggestion): suggestion is JsonRecord =>
      typeof suggestion === 'object' && suggestion !== null && !Array.isArray(suggestion),
  );
}

/** The `/permissions` body, every field within the bound the hub accepts. */
export function buildPermissionPayload(
  facts: PermissionFacts,
  toolInputChars: number = PERMISSION_LIMITS.toolInputChars,
): PermissionRequestPayload {
  const { input } = facts;
  const suggestions = permissionSuggestions(input).slice(0, PERMISSION_LIMITS.suggestions);
  const promptId = promptIdOf(input);
  return {
    serverId: facts.serverId,
    project: clipText(facts.project, FIELD_LIMITS.project),
    requestId: facts.requestId,
    ...(input.session_id
      ? { claudeSessionId: clipText(input.session_id, FIELD_LIMITS.claudeSessionId) }
      : {}),
    cwd: clipText(facts.cwd, FIELD_LIMITS.cwd),
    hostname: clipText(facts.hostname, FIELD_LIMITS.hostname),
    // Checked part by part when read from tmux (see tmux.util.ts).
    ...(facts.tmux ? { tmux: facts.tmux } : {}),
    ...(promptId ? { promptId } : {}),
    toolName: clipText(facts.toolName, PERMISSION_LIMITS.toolName),
    toolInput: cutToolInput(input.tool_input ?? {}, toolInputChars),
    ...(suggestions.length > 0 ? { permissionSuggestions: suggestions } : {}),
    ...(input.permission_mode
      ? { permissionMode: clipText(input.permission_mode, PERMISSION_MODE_LIMIT) }
      : {}),
    timeoutSeconds: facts.timeoutSeconds,
    sentAt: facts.sentAt,
  };
}

/**
 * The JSON body, within MAX_BODY_BYTES. The tool input is cut to PERMISSION_LIMITS characters
 * of JSON already, but multi-byte characters can still make it too many bytes: its bound is
 * halved until the body fits, and as a last resort the suggestions are left out: the CLI
 * echoes its own copy of them, not the hub's.
 */
export function serializePermissionPayload(facts: PermissionFacts): string {
  let chars: number = PERMISSION_LIMITS.toolInputChars;
  let payload = buildPermissionPayload(facts, chars);
  let body = JSON.stringify(payload);
  while (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES && chars > MIN_TOOL_INPUT_CHARS) {
    chars = Math.max(MIN_TOOL_INPUT_CHARS, Math.floor(chars / 2));
    payload = buildPermissionPayload(facts, chars);
    body = JSON.stringify(payload);
  }
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    const withoutSuggestions: PermissionRequestPayload = { ...payload };
    delete withoutSuggestions.permissionSuggestions;
    body = JSON.stringify(withoutSuggestions);
  }
  return body;
}

/**
 * `toolInput` whose JSON is at most `maxChars` long. Every string is cut (marked '…') to the
 * longest length that fits, so short fields such as a file path stay whole while the long
 * ones (a file's new content) give way. When no such length fits (thousands of fields), the
 * input's JSON, cut, is sent under the single key CUT_TOOL_INPUT_KEY.
 */
export function cutToolInput(toolInput: JsonRecord, maxChars: number): JsonRecord {
  if (jsonLength(toolInput) <= maxChars) return toolInput;
  const cap = largestFitting(
    longestString(toolInput),
    (n) => jsonLength(capStrings(toolInput, n)) <= maxChars,
  );
  if (cap !== null) return capStrings(toolInput, cap) as JsonRecord;
  const json = JSON.stringify(toolInput);
  const clip = largestFitting(json.length, (n) => jsonLength(wrapped(json, n)) <= maxChars);
  return clip === null ? {} : wrapped(json, clip);
}

function wrapped(json: string, chars: number): JsonRecord {
  return { [CUT_TOOL_INPUT_KEY]: clipText(json, chars) };
}

function jsonLength(value: unknown): number {
  return JSON.stringify(value).length;
}

/** The largest n in [0, max] for which `fits(n)` holds, `fits` being monotonic; null for none. */
function largestFitting(max: number, fits: (n: number) => boolean): number | null {
  let low = 0;
  let high = max;
  let best: number | null = null;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) {
      best = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return best;
}

function capStrings(value: unknown, cap: number): unknown {
  if (typeof value === 'string') return clipText(value, cap);
  if (Array.isArray(value)) return value.map((item) => capStrings(item, cap));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, capStrings(item, cap)]),
    );
  }
  return value;
}

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object' || value === null) return 0;
  // reduce, not Math.max(...): a list of a million items would overflow the arguments.
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return items.reduce<number>((longest, item) => Math.max(longest, longestString(item)), 0);
}
