import type { ClaudeHookInput } from '@ccr/protocol';
import { errorMessage } from '../cli.error';

/** The fields remote-hook reads; each must be a string to be used. */
const STRING_FIELDS = [
  'session_id',
  'transcript_path',
  'cwd',
  'hook_event_name',
  'prompt_id',
  'source',
  'reason',
  'last_assistant_message',
  'message',
  'title',
  'notification_type',
  'error',
  'error_details',
  'permission_mode',
  'tool_name',
] as const satisfies readonly (keyof ClaudeHookInput)[];

export type HookInputParse =
  { kind: 'empty' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; input: ClaudeHookInput };

/**
 * Keeps the fields remote-hook uses, each only when of its type: strings, `tool_input` as an
 * object and `permission_suggestions` as a list; anything else is dropped.
 */
export function parseHookInput(text: string): HookInputParse {
  if (text.trim() === '') return { kind: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: errorMessage(error) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  const record = value as Record<string, unknown>;
  const input: ClaudeHookInput = {};
  for (const field of STRING_FIELDS) {
    const fieldValue = record[field];
    if (typeof fieldValue === 'string') input[field] = fieldValue;
  }
  const toolInput = record['tool_input'];
  if (isPlainObject(toolInput)) input.tool_input = toolInput;
  const suggestions = record['permission_suggestions'];
  if (Array.isArray(suggestions)) input.permission_suggestions = suggestions;
  return { kind: 'ok', input };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
