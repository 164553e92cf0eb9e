/**
 * What makes two notifications belong to "the same Claude session" on one server, best
 * evidence first: Claude's own session id; else the tmux pane (pane ids are unique on their
 * tmux server while the pane lives); else the project, the only thing a plain `curl` sends.
 */
export function sessionKeyFor(input: {
  claudeSessionId?: string | null;
  tmuxPane?: string | null;
  project: string;
}): string {
  if (input.claudeSessionId) return `claude:${input.claudeSessionId}`;
  if (input.tmuxPane) return `pane:${input.tmuxPane}`;
  return `project:${input.project}`;
}
