/**
 * Reading Claude Code's terminal screen (as `tmux capture-pane -p` prints it). Its prompt box
 * is a `❯` line, with continuation lines for more text, between two rules of `─`; below the
 * lower rule a footer tells the mode and, while a turn runs, "esc to interrupt".
 */

export interface ClaudePromptBox {
  /** What is typed in the box, continuation lines joined with `\n`; '' when empty. */
  input: string;
  /** The lines below the box, trimmed and joined with `\n`. */
  footer: string;
}

const RULE = /^─{8,}$/;
const PROMPT = '❯';

/** The prompt box at the bottom of the screen; undefined while a dialog takes its place. */
export function promptBoxOf(screen: string): ClaudePromptBox | undefined {
  const lines = screen.split('\n').map((line) => line.trimEnd());
  for (let lower = lines.length - 1; lower > 1; lower -= 1) {
    if (!RULE.test(lines[lower] ?? '')) continue;
    let upper = lower - 1;
    while (upper >= 0 && !RULE.test(lines[upper] ?? '')) upper -= 1;
    const first = lines[upper + 1] ?? '';
    if (upper < 0 || !first.startsWith(PROMPT)) continue;
    const boxLines = lines.slice(upper + 1, lower);
    const input = boxLines
      .map((line, i) =>
        i === 0 ? line.slice(PROMPT.length).replace(/^ /, '') : line.replace(/^ {2}/, ''),
      )
      .join('\n')
      .trim();
    const footer = lines
      .slice(lower + 1)
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join('\n');
    return { input, footer };
  }
  return undefined;
}

/** True while a turn runs: the footer offers to interrupt it. */
export function isTurnRunning(box: ClaudePromptBox): boolean {
  return /esc to interrupt/i.test(box.footer);
}

/** The prompt box is shown, empty, and no turn runs: what a person would type into next. */
export function isIdleScreen(screen: string): boolean {
  const box = promptBoxOf(screen);
  return box !== undefined && box.input === '' && !isTurnRunning(box);
}

/** The permission dialog a tool call opens in place of the prompt box. */
export function isPermissionDialog(screen: string): boolean {
  return promptBoxOf(screen) === undefined && /Do you want to proceed\?/.test(screen);
}

/** The two answers of the trust dialog, as its lines name them. */
export type TrustChoice = 'trust' | 'exit';

const TRUST_QUESTION = /Is this a project you created or one you trust\?/;
const TRUST_OPTION = /^\s*❯\s+(No, exit|Yes, I trust this folder)\s*$/m;

/**
 * Claude Code's question, in a folder it has not seen before, whether to trust it: it takes the
 * prompt box's place, and no hook runs until it is answered.
 */
export function isTrustDialog(screen: string): boolean {
  return promptBoxOf(screen) === undefined && TRUST_QUESTION.test(screen);
}

/** The answer the trust dialog's cursor is on; undefined when no trust dialog shows. */
export function trustDialogChoice(screen: string): TrustChoice | undefined {
  if (!isTrustDialog(screen)) return undefined;
  const option = TRUST_OPTION.exec(screen)?.[1];
  return option === undefined ? undefined : option.startsWith('Yes') ? 'trust' : 'exit';
}

/**
 * The keys of the trust dialog: its cursor starts on "No, exit"; the next option is "Yes, I
 * trust this folder", and the one after that "No, exit" again (the cursor wraps); Enter takes
 * the one under the cursor; Escape cancels, and Claude exits. No key picks an option directly.
 */
export const TRUST_DIALOG_KEYS = { next: 'Down', confirm: 'Enter', cancel: 'Escape' } as const;

const PASTE_MARKER = /\[Pasted text #\d+[^\]]*\]$/;
/** How much of the text's end is compared: enough to tell it, short enough to stay on screen. */
const TYPED_TAIL = 40;
/**
 * Left out of the comparison: white space (the box wraps long lines and indents continuation
 * lines) and emoji with their joiners and modifiers (tmux drops a skin tone, for one).
 */
const NOT_COMPARED = /\s|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0e|\ufe0f/gu;

/**
 * Whether the prompt box shows `text` typed into it, so that Enter now submits it: the box ends
 * with the text's last characters, or with the marker Claude Code shows for a long paste.
 */
export function showsTyped(screen: string, text: string): boolean {
  const box = promptBoxOf(screen);
  if (!box) return false;
  if (PASTE_MARKER.test(box.input)) return true;
  const tail = text.replace(NOT_COMPARED, '').slice(-TYPED_TAIL);
  return box.input.replace(NOT_COMPARED, '').endsWith(tail);
}
