/**
 * The parts of the Anthropic Messages API that Claude Code uses and the fake model server reads
 * or writes. Only what is read is typed; the rest of a request passes through as unknown.
 */

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  [key: string]: unknown;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  /** Text, or a list of content blocks. */
  content?: string | Array<{ type: string; text?: string; [key: string]: unknown }>;
  /** True when the tool failed or was refused (the permission denied). */
  is_error?: boolean;
}

export type AnthropicContentBlock =
  AnthropicTextBlock | AnthropicToolUseBlock | AnthropicToolResultBlock | { type: string };

export interface AnthropicMessage {
  /** Claude Code also sends `system` messages between the others. */
  role: 'user' | 'assistant' | 'system' | string;
  content: string | AnthropicContentBlock[];
}

/** The body of `POST /v1/messages` (and of `/v1/messages/count_tokens`). */
export interface AnthropicMessagesBody {
  model: string;
  messages: AnthropicMessage[];
  stream?: boolean;
  max_tokens?: number;
  system?: unknown;
  tools?: Array<{ name: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

/** How the fake model answers one request. */
export type FakeModelAnswer =
  /** A text reply, streamed as one or more `text_delta`s; stop reason `end_turn`. */
  | { kind: 'text'; text: string }
  /**
   * A call of one of Claude Code's tools (`Bash`, `AskUserQuestion`, `ExitPlanMode`…), its input
   * streamed as `input_json_delta`, after an optional text block; stop reason `tool_use`.
   */
  | { kind: 'tool_use'; name: string; input: Record<string, unknown>; text?: string }
  /**
   * A text reply that never ends: `chunk` every `intervalMs` (default 100) until the client
   * closes the request (Escape in Claude Code) or `maxMs` (default 120 000) pass, when the
   * message ends normally.
   */
  | { kind: 'slow'; chunk?: string; intervalMs?: number; maxMs?: number }
  /** An API error: HTTP `status` with `{type: "error", error: {type, message}}`. */
  | { kind: 'error'; status: number; type?: string; message?: string };
