import {
  MAX_INPUT_IDLE_SECONDS,
  isValidTmuxPaneId,
  isValidTmuxSessionName,
  isValidTmuxWindow,
  type TmuxLocation,
} from '@ccr/protocol';
import { runCommand } from './run-command.util';
import type { Env } from '../env.interface';

/** What tmux says about the pane Claude Code runs in. */
export interface TmuxPane {
  location: TmuxLocation;
  /**
   * Seconds since a client attached to the pane's session last had input from a person (a
   * key, a click, the attach itself); absent when no client is attached or tmux did not say.
   */
  inputIdleSeconds?: number;
}

/**
 * Session name, window index, clients attached and the session's last input from a client.
 * tmux moves `session_activity` only for input from an attached client, never for `send-keys`
 * (so the hub typing an answer in does not count) nor for the pane's own output.
 */
const PANE_FORMAT = '#S\t#I\t#{session_attached}\t#{session_activity}';

/**
 * Where this Claude Code runs in tmux: the pane from `$TMUX_PANE`, its session and window
 * from tmux itself, and how long ago a person typed there. Undefined outside tmux. When tmux
 * cannot be asked, the pane alone, since the hub can still type into a pane id.
 */
export async function tmuxPane(
  env: Env,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<TmuxPane | undefined> {
  const pane = env['TMUX_PANE'];
  // Without $TMUX the pane id could name a pane on another tmux server.
  if (!env['TMUX'] || !pane || !isValidTmuxPaneId(pane)) return undefined;
  const output = await runCommand('tmux', ['display-message', '-p', '-t', pane, PANE_FORMAT], {
    env,
    timeoutMs,
  });
  if (output === null) return { location: { pane } };
  const { inputIdleSeconds, ...place } = parsePaneReport(output, now());
  return {
    location: { ...place, pane },
    ...(inputIdleSeconds === undefined ? {} : { inputIdleSeconds }),
  };
}

/** The tmux location alone, for events that do not ask about the person at the terminal. */
export async function tmuxLocation(env: Env, timeoutMs: number): Promise<TmuxLocation | undefined> {
  return (await tmuxPane(env, timeoutMs))?.location;
}

/**
 * PANE_FORMAT's output, each part kept only when the hub accepts it (a session name with `:`
 * or `.` is left out rather than have the whole event refused). A session name may itself hold
 * a tab; the three fields after it never do, so they are read from the end.
 */
export function parsePaneReport(
  output: string,
  nowMs: number,
): { session?: string; window?: string; inputIdleSeconds?: number } {
  const line = output.split('\n')[0] ?? '';
  const fields = line.split('\t');
  if (fields.length < 4) return {};
  const [window = '', attached = '', activity = ''] = fields.slice(-3);
  const session = fields.slice(0, -3).join('\t');
  const result: { session?: string; window?: string; inputIdleSeconds?: number } = {
    ...(isValidTmuxSessionName(session) ? { session } : {}),
    ...(isValidTmuxWindow(window) ? { window } : {}),
  };
  const clients = /^\d+$/.test(attached) ? Number(attached) : 0;
  if (clients > 0 && /^\d{1,12}$/.test(activity)) {
    const idle = Math.floor(nowMs / 1000) - Number(activity);
    // A clock that stepped back since makes it negative: someone typed just now, as far as is known.
    result.inputIdleSeconds = Math.min(Math.max(idle, 0), MAX_INPUT_IDLE_SECONDS);
  }
  return result;
}
