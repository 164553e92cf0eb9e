/**
 * What a PermissionRequest asks of a person, told by its tool: most tools ask whether they may
 * run (Allow / Allow for session / Deny); `AskUserQuestion` asks multiple-choice questions;
 * `ExitPlanMode` presents a plan for approval. All three are the same kind of request row, so
 * that whatever treats requests (delivery first, never collapsed) treats them alike.
 */
export type RequestKind = 'permission' | 'question' | 'plan';

/** Claude Code's tool names for the two requests that are not a plain permission. */
export const QUESTION_TOOL = 'AskUserQuestion';
export const PLAN_TOOL = 'ExitPlanMode';

/** One option of a question, as Claude Code sends it. */
export interface QuestionOption {
  label: string;
  description: string;
}

/** One question of an `AskUserQuestion` call, as Claude Code sends it. */
export interface AskedQuestion {
  question: string;
  /** A short heading Claude Code shows above the question (`Colour`). */
  header: string;
  options: QuestionOption[];
  /** Several options may be chosen; their labels are joined with ", " in the answer. */
  multiSelect: boolean;
}

/**
 * Bounds on what is taken as a question request. Claude Code sends 1–4 questions of 2–4
 * options; a little room above that keeps a newer release working, and the bounds keep every
 * index a single digit in a button's callback data.
 */
export const QUESTION_LIMITS = { questions: 8, options: 9 } as const;

/** The free text a person writes for a question ("Other…"), or as feedback on a plan. */
export const ANSWER_TEXT_LIMIT = 2000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionOf(value: unknown): QuestionOption | null {
  if (!isRecord(value) || typeof value['label'] !== 'string' || value['label'].trim() === '') {
    return null;
  }
  const description = value['description'];
  return { label: value['label'], description: typeof description === 'string' ? description : '' };
}

function questionOf(value: unknown): AskedQuestion | null {
  if (!isRecord(value)) return null;
  const { question, header, options, multiSelect } = value;
  if (typeof question !== 'string' || question.trim() === '' || !Array.isArray(options)) {
    return null;
  }
  if (options.length === 0 || options.length > QUESTION_LIMITS.options) return null;
  const parsed = options.map(optionOf);
  if (parsed.some((option) => option === null)) return null;
  return {
    question,
    header: typeof header === 'string' ? header : '',
    options: parsed as QuestionOption[],
    multiSelect: multiSelect === true,
  };
}

/**
 * The questions of an `AskUserQuestion` input, or null when it is not of the shape this
 * version knows (then it is asked like any other tool: Deny still works, and the terminal
 * answers).
 */
export function askedQuestionsOf(toolInput: Record<string, unknown>): AskedQuestion[] | null {
  const questions = toolInput['questions'];
  if (!Array.isArray(questions) || questions.length === 0) return null;
  if (questions.length > QUESTION_LIMITS.questions) return null;
  const parsed = questions.map(questionOf);
  if (parsed.some((question) => question === null)) return null;
  // The answer is keyed by the question's text: two alike could not both be answered.
  const texts = new Set(parsed.map((question) => question?.question));
  return texts.size === parsed.length ? (parsed as AskedQuestion[]) : null;
}

/** How a request is asked on Telegram and answered to Claude Code. */
export function requestKindOf(toolName: string, toolInput: Record<string, unknown>): RequestKind {
  if (toolName === PLAN_TOOL) return 'plan';
  if (toolName === QUESTION_TOOL && askedQuestionsOf(toolInput) !== null) return 'question';
  return 'permission';
}

/** The plan an `ExitPlanMode` input carries: its Markdown text, and where it is on disk. */
export interface PresentedPlan {
  /** Claude Code reads it from the plan file into the input; null when there is none. */
  text: string | null;
  /** The plan file on the server; null when Claude Code gave none. */
  filePath: string | null;
}

export function presentedPlanOf(toolInput: Record<string, unknown>): PresentedPlan {
  const text = toolInput['plan'];
  const filePath = toolInput['planFilePath'];
  return {
    text: typeof text === 'string' && text.trim() !== '' ? text : null,
    filePath: typeof filePath === 'string' && filePath.trim() !== '' ? filePath : null,
  };
}
