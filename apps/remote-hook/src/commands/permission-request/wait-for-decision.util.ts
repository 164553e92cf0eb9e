import {
  PERMISSION_WAIT_MAX_SECONDS,
  type PermissionStatus,
  type PermissionWaitAnswer,
  type PermissionWaitPayload,
  type QuestionAnswer,
} from '@ccr/protocol';
import { backoffDelay } from '@ccr/shared-util';
import { randomUUID } from 'node:crypto';
import { errorMessage } from '../../cli.error';
import type { Deadline } from '../../delivery/deadline.util';
import { outcomeForStatus } from '../../delivery/delivery-outcome.util';
import { postSigned } from '../../delivery/signed-request.util';
import { MIN_POLL_INTERVAL_MS, RETRY_BACKOFF } from './permission-request.constant';

export interface DecisionWait {
  /** `POST /permissions/wait` on the hub. */
  url: URL;
  secret: string;
  serverId: string;
  requestId: string;
  /** When the CLI stops waiting; a poll never asks the hub to hold it longer. */
  deadline: Deadline;
  /** Added to a poll's waitSeconds for its HTTP timeout. */
  pollSlackMs: number;
  /** Longest hold asked of the hub per poll; PERMISSION_WAIT_MAX_SECONDS unless a test says less. */
  maxWaitSeconds?: number;
  /** Told of each failed poll that will be tried again. */
  onRetry?(reason: string): void;
  /** Ends the wait early (the terminal answered): it resolves `stopped`. */
  signal?: AbortSignal;
}

/** A status after which there is nothing more to wait for. */
export type FinalStatus = Exclude<PermissionStatus, 'pending'>;

export type DecisionWaitResult =
  | {
      kind: 'final';
      status: FinalStatus;
      decidedBy?: string;
      answers?: QuestionAnswer[];
      feedback?: string;
    }
  /** The signal ended the wait. */
  | { kind: 'stopped' }
  /** The deadline passed; `lastProblem` is the last failed poll's reason, when there was one. */
  | { kind: 'timeout'; lastProblem?: string }
  /** The hub refused the poll for good (a 4xx) or answered something that is not an answer. */
  | { kind: 'failed'; reason: string };

const FINAL_STATUSES: ReadonlySet<string> = new Set<FinalStatus>([
  'allow',
  'allow-session',
  'deny',
  'expired',
  'answered-on-server',
]);

/**
 * Long-polls the hub until the request has a final status or the deadline passes. Each poll
 * is signed afresh, with a new nonce and timestamp, so that none looks like a replay. A
 * network error, a timeout of one poll, HTTP 5xx, 408 or 429 are tried again after a short,
 * growing pause; any other 4xx ends the wait.
 */
export async function waitForDecision(wait: DecisionWait): Promise<DecisionWaitResult> {
  let failures = 0;
  let lastProblem: string | undefined;
  while (!wait.deadline.expired()) {
    if (wait.signal?.aborted) return { kind: 'stopped' };
    const remainingMs = wait.deadline.remainingMs();
    // Whole seconds, at least one, so the hub never holds a poll much past the deadline.
    const waitSeconds = Math.min(
      PERMISSION_WAIT_MAX_SECONDS,
      wait.maxWaitSeconds ?? PERMISSION_WAIT_MAX_SECONDS,
      Math.max(1, Math.ceil(remainingMs / 1000)),
    );
    const payload: PermissionWaitPayload = {
      serverId: wait.serverId,
      requestId: wait.requestId,
      waitSeconds,
      nonce: randomUUID(),
    };
    const startedAt = Date.now();
    const poll = await pollOnce(wait, payload, waitSeconds * 1000 + wait.pollSlackMs);
    if (wait.signal?.aborted) return { kind: 'stopped' };
    if (poll.kind === 'answer') {
      failures = 0;
      const { answer } = poll;
      if (answer.status !== 'pending') {
        return {
          kind: 'final',
          status: answer.status,
          ...(answer.decidedBy === undefined ? {} : { decidedBy: answer.decidedBy }),
          ...(answer.answers === undefined ? {} : { answers: answer.answers }),
          ...(answer.feedback === undefined ? {} : { feedback: answer.feedback }),
        };
      }
      await pause(MIN_POLL_INTERVAL_MS - (Date.now() - startedAt), wait.deadline, wait.signal);
      continue;
    }
    if (poll.kind === 'failed') return { kind: 'failed', reason: poll.reason };
    lastProblem = poll.reason;
    wait.onRetry?.(poll.reason);
    await pause(backoffDelay(failures, RETRY_BACKOFF), wait.deadline, wait.signal);
    failures += 1;
  }
  if (wait.signal?.aborted) return { kind: 'stopped' };
  return lastProblem === undefined ? { kind: 'timeout' } : { kind: 'timeout', lastProblem };
}

type PollResult =
  | { kind: 'answer'; answer: PermissionWaitAnswer }
  | { kind: 'retry'; reason: string }
  | { kind: 'failed'; reason: string };

async function pollOnce(
  wait: DecisionWait,
  payload: PermissionWaitPayload,
  timeoutMs: number,
): Promise<PollResult> {
  let response;
  try {
    response = await postSigned(
      wait.url,
      wait.secret,
      JSON.stringify(payload),
      timeoutMs,
      wait.signal,
    );
  } catch (error) {
    return { kind: 'retry', reason: errorMessage(error) };
  }
  const outcome = outcomeForStatus(response.status, response.body);
  if (outcome.kind === 'retry') return outcome;
  if (outcome.kind === 'rejected') return { kind: 'failed', reason: outcome.reason };
  const answer = parseWaitAnswer(response.body, wait.requestId);
  if (!answer) {
    return {
      kind: 'failed',
      reason: `HTTP ${response.status} from ${wait.url.href} is not an answer about this request`,
    };
  }
  return { kind: 'answer', answer };
}

/**
 * The answer, or null when the body is not one: unknown status, or the id of another
 * request (an answer without an id is taken as being about the one asked).
 */
export function parseWaitAnswer(text: string, requestId: string): PermissionWaitAnswer | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const status = record['status'];
  if (typeof status !== 'string' || (status !== 'pending' && !FINAL_STATUSES.has(status))) {
    return null;
  }
  const answeredId = record['requestId'];
  if (answeredId !== undefined && answeredId !== requestId) return null;
  const decidedBy = record['decidedBy'];
  const answers = questionAnswersOf(record['answers']);
  const feedback = record['feedback'];
  return {
    requestId,
    status: status as PermissionStatus,
    ...(typeof decidedBy === 'string' && decidedBy.trim() !== ''
      ? { decidedBy: decidedBy.trim() }
      : {}),
    ...(answers ? { answers } : {}),
    ...(typeof feedback === 'string' ? { feedback } : {}),
  };
}

/**
 * A question request's answers as the hub sends them; undefined when there are none or they
 * are not of that shape (then the hook prints nothing, and the terminal answers).
 */
function questionAnswersOf(value: unknown): QuestionAnswer[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const answers: QuestionAnswer[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { options, other } = item as Record<string, unknown>;
    if (!Array.isArray(options) || !options.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      return undefined;
    }
    if (other !== undefined && typeof other !== 'string') return undefined;
    answers.push({ options: options as number[], ...(other === undefined ? {} : { other }) });
  }
  return answers;
}

/** Sleeps `ms`, but never past the deadline, and not after the signal aborts. */
function pause(ms: number, deadline: Deadline, signal?: AbortSignal): Promise<void> {
  const bounded = Math.min(ms, deadline.remainingMs());
  if (bounded <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, bounded);
    signal?.addEventListener('abort', done, { once: true });
  });
}
