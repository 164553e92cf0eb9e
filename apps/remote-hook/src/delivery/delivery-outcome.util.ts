import type { ErrorBody } from '@ccr/protocol';

/** What became of one attempt to hand an event to the hub. */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number }
  /** Worth trying again later: the hub was down, busy or slow. */
  | { kind: 'retry'; reason: string }
  /** The hub will never take this event: retrying would only block the events behind it. */
  | { kind: 'rejected'; status: number; reason: string };

/** 408 and 429 are about the moment, not the event, so they are retried like 5xx. */
const RETRYABLE_4XX = new Set([408, 429]);

export function outcomeForStatus(status: number, body: string): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status >= 400 && status < 500 && !RETRYABLE_4XX.has(status)) {
    return { kind: 'rejected', status, reason: describeAnswer(status, body) };
  }
  return { kind: 'retry', reason: describeAnswer(status, body) };
}

/** `HTTP 400: type must be one of … (field type)`, from the hub's ErrorBody when it sent one. */
export function describeAnswer(status: number, body: string): string {
  const error = parseErrorBody(body);
  if (!error) return `HTTP ${status}`;
  const field = error.field ? ` (field ${error.field})` : '';
  return `HTTP ${status}: ${error.message}${field}`;
}

function parseErrorBody(body: string): Pick<ErrorBody, 'message' | 'field'> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { message, field } = parsed as Record<string, unknown>;
  // Nest's validation answers carry a list of messages.
  const text = Array.isArray(message) ? message.join('; ') : message;
  if (typeof text !== 'string' || text === '') return null;
  return { message: text.slice(0, 300), field: typeof field === 'string' ? field : undefined };
}
