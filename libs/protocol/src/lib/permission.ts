import type { TmuxLocation } from './notify-payload';
import { askedQuestionsOf, requestKindOf, type AskedQuestion } from './request-kind';

/** What a person can answer on Telegram. */
export const PERMISSION_DECISIONS = ['allow', 'allow-session', 'deny'] as const;
export type PermissionDecision = (typeof PERMISSION_DECISIONS)[number];

/**
 * Where a request stands. For a question, `allow` means every question is answered; for a
 * plan, `allow` is Approve and `deny` is Keep planning. `expired`: nobody answered before the
 * CLI stopped waiting. `answered-on-server`: the dialog was answered in the terminal (the
 * waiting hook saw the outcome in the transcript, or the hub heard something newer from that
 * session first).
 */
export type PermissionStatus = 'pending' | PermissionDecision | 'expired' | 'answered-on-server';

/** How long remote-hook waits for a decision unless PERMISSION_TIMEOUT says otherwise. */
export const DEFAULT_PERMISSION_TIMEOUT_SECONDS = 300;
/** Longest single long-poll of `POST /permissions/wait`; the CLI polls again until its timeout. */
export const PERMISSION_WAIT_MAX_SECONDS = 25;
/** Bounds on what a request carries. */
export const PERMISSION_LIMITS = {
  toolName: 128,
  requestId: 128,
  /** The tool input is shown cut; this bounds what is stored. */
  toolInputChars: 32 * 1024,
  suggestions: 16,
} as const;

/** Body of `POST /permissions`: a PermissionRequest hook waiting for a remote answer. */
export interface PermissionRequestPayload {
  serverId: string;
  project: string;
  /** Unique per request (a UUID); a retried POST is stored once. */
  requestId: string;
  claudeSessionId?: string;
  cwd?: string;
  hostname?: string;
  tmux?: TmuxLocation;
  /** Claude Code's `prompt_id`: the turn that asks. */
  promptId?: string;
  toolName: string;
  toolInput: Record<string, unknown>;
  /** Claude Code's `permission_suggestions`; one is echoed back for "allow for this session". */
  permissionSuggestions?: Array<Record<string, unknown>>;
  permissionMode?: string;
  /** How long the CLI will wait: the hub expires the request then. */
  timeoutSeconds: number;
  sentAt?: string;
}

/** 202 answer of `POST /permissions`. */
export interface PermissionRequestAccepted {
  requestId: string;
  session: string;
  token: string;
  expiresAt: string;
}

/** Body of `POST /permissions/wait`. The nonce makes every poll's signature distinct. */
export interface PermissionWaitPayload {
  serverId: string;
  requestId: string;
  waitSeconds: number;
  nonce: string;
}

/**
 * Body of `POST /permissions/answered-on-server`: the waiting hook saw in the transcript that
 * the dialog was answered in the terminal. The nonce makes every call's signature distinct.
 */
export interface PermissionAnsweredPayload {
  serverId: string;
  requestId: string;
  nonce: string;
}

/** A person's answer to one question: the options chosen, and words of their own ("Other…"). */
export interface QuestionAnswer {
  /** Indexes into the question's options, ascending. */
  options: number[];
  other?: string;
}

/**
 * 200 answer of `POST /permissions/wait` (and of `/permissions/answered-on-server`): the
 * status now, or when it changed.
 */
export interface PermissionWaitAnswer {
  requestId: string;
  status: PermissionStatus;
  decidedAt?: string;
  /** Who answered, as Telegram names them (for the deny message and logs). */
  decidedBy?: string;
  /** A question request once answered (`allow`): one answer per question, in order. */
  answers?: QuestionAnswer[];
  /** A plan sent back (`deny`): what the person wrote Claude should change. */
  feedback?: string;
}

/** What Claude Code reads on a PermissionRequest hook's stdout. */
export interface PermissionHookOutput {
  hookSpecificOutput: {
    hookEventName: 'PermissionRequest';
    decision:
      | {
          behavior: 'allow';
          updatedPermissions?: Array<Record<string, unknown>>;
          /**
           * The tool's input as it is to run. Claude Code 2.1.328 ignores a bare `allow` for a
           * tool that needs the person (AskUserQuestion, ExitPlanMode) and takes it with this.
           */
          updatedInput?: Record<string, unknown>;
        }
      | { behavior: 'deny'; message: string };
  };
}

type HookDecision = PermissionHookOutput['hookSpecificOutput']['decision'];

function hookOutput(decision: HookDecision): PermissionHookOutput {
  return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } };
}

/**
 * The answer to print for a decision, or null when the hook must print nothing (pending,
 * expired, answered on the server): then Claude's own dialog decides.
 */
export function permissionHookOutput(
  status: PermissionStatus,
  suggestions: Array<Record<string, unknown>> | undefined,
  decidedBy?: string,
): PermissionHookOutput | null {
  const wrap = hookOutput;
  switch (status) {
    case 'allow':
      return wrap({ behavior: 'allow' });
    case 'allow-session': {
      // Echoing a suggestion with destination "session" is Claude Code's "allow for this session".
      const suggestion = suggestions?.[0];
      return suggestion
        ? wrap({
            behavior: 'allow',
            updatedPermissions: [{ ...suggestion, destination: 'session' }],
          })
        : wrap({ behavior: 'allow' });
    }
    case 'deny':
      return wrap({
        behavior: 'deny',
        message: decidedBy ? `Denied from Telegram by ${decidedBy}.` : 'Denied from Telegram.',
      });
    default:
      return null;
  }
}

/** What the hook knows of the request it asked about: its own copy of Claude Code's input. */
export interface AskedRequest {
  toolName: string;
  toolInput: Record<string, unknown>;
  /** Claude Code's `permission_suggestions`. */
  suggestions?: Array<Record<string, unknown>>;
}

/** What the hub answered about a request, as far as the hook's answer depends on it. */
export type RequestDecision = Pick<
  PermissionWaitAnswer,
  'status' | 'decidedBy' | 'answers' | 'feedback'
>;

/**
 * The text Claude Code records as the answer to one question: the chosen options' labels and
 * the person's own words, joined with ", " (as its own dialog joins a multiple choice); null
 * when the answer names no option of the question and has no words.
 */
export function questionAnswerText(question: AskedQuestion, answer: QuestionAnswer): string | null {
  const labels: string[] = [];
  for (const index of answer.options) {
    const option = question.options[index];
    if (!option) return null;
    labels.push(option.label);
  }
  const other = answer.other?.trim();
  if (other) labels.push(other);
  return labels.length === 0 ? null : labels.join(', ');
}

/** The deny message that sends a plan back: Claude reads it and revises the plan. */
export function planFeedbackMessage(feedback: string | undefined, decidedBy?: string): string {
  const who = decidedBy ? ` by ${decidedBy}` : '';
  const words = feedback?.trim();
  return words
    ? `Keep planning: the plan was sent back from Telegram${who}, who wrote:\n${words}`
    : `Keep planning: the plan was sent back from Telegram${who}.`;
}

/**
 * The hook's answer for whatever the hub decided about a request, or null when it must print
 * nothing (pending, expired, answered in the terminal, or an answer that does not fit the
 * question): then Claude Code's own dialog decides.
 *
 * - A question, answered: `allow` with `updatedInput` = the input as Claude Code sent it plus
 *   `answers`, from each question's text to its answer (questionAnswerText).
 * - A plan approved: `allow` with `updatedInput` = the input as sent; sent back: `deny` with
 *   the person's feedback (planFeedbackMessage), so Claude stays in plan mode and revises it.
 * - Any other tool: permissionHookOutput.
 */
export function requestHookOutput(
  asked: AskedRequest,
  decision: RequestDecision,
): PermissionHookOutput | null {
  switch (requestKindOf(asked.toolName, asked.toolInput)) {
    case 'question':
      return decision.status === 'allow'
        ? questionOutput(asked.toolInput, decision.answers ?? [])
        : null;
    case 'plan':
      if (decision.status === 'allow') {
        return hookOutput({ behavior: 'allow', updatedInput: asked.toolInput });
      }
      return decision.status === 'deny'
        ? hookOutput({
            behavior: 'deny',
            message: planFeedbackMessage(decision.feedback, decision.decidedBy),
          })
        : null;
    case 'permission':
      return permissionHookOutput(decision.status, asked.suggestions, decision.decidedBy);
  }
}

function questionOutput(
  toolInput: Record<string, unknown>,
  answers: QuestionAnswer[],
): PermissionHookOutput | null {
  const questions = askedQuestionsOf(toolInput) ?? [];
  if (answers.length !== questions.length) return null;
  const byQuestion: Record<string, string> = {};
  for (const [index, question] of questions.entries()) {
    const answer = answers[index];
    const text = answer ? questionAnswerText(question, answer) : null;
    if (text === null) return null;
    byQuestion[question.question] = text;
  }
  return hookOutput({ behavior: 'allow', updatedInput: { ...toolInput, answers: byQuestion } });
}
