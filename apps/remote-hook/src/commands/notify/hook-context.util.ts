import type { ClaudeHookInput, TmuxLocation } from '@ccr/protocol';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { deadlineIn } from '../../delivery/deadline.util';
import type { Env } from '../../env.interface';
import { projectName } from '../../hook-input/project.util';
import { tmuxPane } from '../../hook-input/tmux.util';
import { lastAssistantReply } from '../../hook-input/transcript-tail.util';

export interface HookContext {
  cwd: string;
  project: string;
  hostname: string;
  tmux?: TmuxLocation;
  /** Seconds since a person typed in Claude's tmux session; absent when nobody is attached. */
  inputIdleSeconds?: number;
  reply: string | null;
}

/**
 * What the hook input does not say itself: project, tmux place, how long ago a person typed
 * there and, for older Claude Code, the reply from the transcript (unless `withReply` is false:
 * a session event has none). Looked up side by side, each within `timeoutMs`.
 */
export async function gatherHookContext(
  input: ClaudeHookInput,
  runtime: { env: Env; cwd: string },
  timeoutMs: number,
  withReply = true,
): Promise<HookContext> {
  const cwd = input.cwd ? resolve(runtime.cwd, input.cwd) : runtime.cwd;
  const [project, pane, reply] = await Promise.all([
    projectName(cwd, runtime.env, timeoutMs),
    tmuxPane(runtime.env, timeoutMs),
    withReply ? lastReply(input, runtime.cwd, timeoutMs) : null,
  ]);
  return {
    cwd,
    project,
    hostname: hostname(),
    tmux: pane?.location,
    ...(pane?.inputIdleSeconds === undefined ? {} : { inputIdleSeconds: pane.inputIdleSeconds }),
    reply,
  };
}

async function lastReply(
  input: ClaudeHookInput,
  processCwd: string,
  timeoutMs: number,
): Promise<string | null> {
  if (input.last_assistant_message?.trim()) return input.last_assistant_message;
  if (!input.transcript_path) return null;
  return lastAssistantReply(resolve(processCwd, input.transcript_path), {
    deadline: deadlineIn(timeoutMs),
  });
}
