import {
  isValidTmuxPaneId,
  isValidTmuxSessionName,
  isValidTmuxWindow,
  type TmuxLocation,
} from '@ccr/protocol';
import { runCommand } from './run-command.util';
import type { Env } from '../env.interface';

/**
 * Where this Claude Code runs in tmux: the pane from `$TMUX_PANE`, its session and window
 * from tmux itself. Undefined outside tmux. When tmux cannot be asked, the pane alone, since
 * the hub can still type into a pane id.
 */
export async function tmuxLocation(env: Env, timeoutMs: number): Promise<TmuxLocation | undefined> {
  const pane = env['TMUX_PANE'];
  // Without $TMUX the pane id could name a pane on another tmux server.
  if (!env['TMUX'] || !pane || !isValidTmuxPaneId(pane)) return undefined;
  const output = await runCommand('tmux', ['display-message', '-p', '-t', pane, '#S\t#I'], {
    env,
    timeoutMs,
  });
  return { ...(output === null ? {} : parseSessionAndWindow(output)), pane };
}

/**
 * `#S<TAB>#I`, each part kept only when the hub accepts it (a session name with `:` or `.`
 * is left out rather than have the whole event refused). A session name may itself hold
 * a tab; the window index never does.
 */
export function parseSessionAndWindow(output: string): { session?: string; window?: string } {
  const line = output.split('\n')[0];
  const tab = line.lastIndexOf('\t');
  if (tab < 0) return {};
  const session = line.slice(0, tab);
  const window = line.slice(tab + 1);
  return {
    ...(isValidTmuxSessionName(session) ? { session } : {}),
    ...(isValidTmuxWindow(window) ? { window } : {}),
  };
}
