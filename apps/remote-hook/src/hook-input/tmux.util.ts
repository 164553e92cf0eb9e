import { FIELD_LIMITS, type TmuxLocation } from '@ccr/protocol';
import { runCommand } from './run-command.util';
import type { Env } from '../env.interface';

/** tmux pane ids are `%` and a number; anything else in `$TMUX_PANE` is not from tmux. */
const PANE_ID = new RegExp(`^%\\d{1,${FIELD_LIMITS.tmuxPane - 1}}$`);
const WINDOW_INDEX = new RegExp(`^\\d{1,${FIELD_LIMITS.tmuxWindow}}$`);
/**
 * The hub refuses a session name it could not use safely as a tmux target (`:` and `.` are
 * target separators; control characters hide what a name is): such a name is left out
 * rather than have the whole event refused.
 */
const SESSION_NAME = new RegExp(`^[^\\p{C}\\p{Zl}\\p{Zp}:.]{1,${FIELD_LIMITS.tmuxSession}}$`, 'u');

/**
 * Where this Claude Code runs in tmux: the pane from `$TMUX_PANE`, its session and window
 * from tmux itself. Undefined outside tmux. When tmux cannot be asked, the pane alone, since
 * the hub can still type into a pane id.
 */
export async function tmuxLocation(env: Env, timeoutMs: number): Promise<TmuxLocation | undefined> {
  const pane = env['TMUX_PANE'];
  // Without $TMUX the pane id could name a pane on another tmux server.
  if (!env['TMUX'] || !pane || !PANE_ID.test(pane)) return undefined;
  const output = await runCommand('tmux', ['display-message', '-p', '-t', pane, '#S\t#I'], {
    env,
    timeoutMs,
  });
  return { ...(output === null ? {} : parseSessionAndWindow(output)), pane };
}

/**
 * `#S<TAB>#I`, each part kept only when the hub can use it. A session name may itself hold
 * a tab; the window index never does.
 */
export function parseSessionAndWindow(output: string): { session?: string; window?: string } {
  const line = output.split('\n')[0];
  const tab = line.lastIndexOf('\t');
  if (tab < 0) return {};
  const session = line.slice(0, tab);
  const window = line.slice(tab + 1);
  return {
    ...(SESSION_NAME.test(session) ? { session } : {}),
    ...(WINDOW_INDEX.test(window) ? { window } : {}),
  };
}
