import type { LaunchView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { sessionKeyboard, trustKeyboard } from '@ccr/telegram-format';
import type { BotAnswer } from '../replies/answer.service';
import { bold, code, escapeHtml } from '../replies/html.util';
import { countCharacters } from '../typing/typing-message.util';
import { LAUNCH_WAIT_MS, type LaunchResult } from './launch.service';

/** What became of the first prompt of a /new. */
export type FirstPrompt = 'typed' | 'none' | 'no-prompt-box';

/** `ccr:3 %12` */
function windowOf(launch: LaunchView): string {
  return `${launch.tmux.session}:${launch.tmux.window} ${launch.tmux.pane}`;
}

/**
 * `🟢 kr4:7 started in ~/webapp`, where it runs, and what became of the first prompt. Buttons
 * under it act on the new session.
 */
export function startedHtml(
  launch: LaunchView,
  session: SessionView,
  prompt: FirstPrompt,
  firstPrompt: string,
): string {
  const lines = [
    `🟢 ${code(session.name)} started in ${code(launch.folder)} on ${bold(launch.serverId)}`,
    `tmux ${code(windowOf(launch))}${session.cwd ? ` · ${escapeHtml(session.cwd)}` : ''}`,
  ];
  const characters = countCharacters(firstPrompt);
  if (prompt === 'typed') {
    lines.push(
      `Typed your first prompt (${characters} character${characters === 1 ? '' : 's'}), then Enter.`,
    );
  } else if (prompt === 'no-prompt-box') {
    lines.push(
      `Its prompt box did not show in time, so your first prompt was not typed: send it with ${code(`/cmd ${session.name} …`)}.`,
    );
  } else {
    lines.push(`Claude waits for your first prompt: ${code(`/cmd ${session.name} your text`)}.`);
  }
  return lines.join('\n');
}

/** Claude asks whether to trust the folder; the buttons under it answer. */
export function trustQuestionHtml(launch: LaunchView): string {
  return (
    `🔐 Claude Code asks whether to trust ${code(launch.folder)} on ${bold(launch.serverId)}: ` +
    `it has not run there before (tmux ${code(windowOf(launch))}). Nothing of Claude runs, its ` +
    'hooks included, until this is answered. Trust the folder only if you know what is in it.'
  );
}

/** The trust question once answered, in place of its buttons. */
export function trustAnsweredHtml(launch: LaunchView, trusted: boolean, by: string): string {
  return trusted
    ? `✅ ${escapeHtml(by)} trusted ${code(launch.folder)} on ${bold(launch.serverId)}.`
    : `✖ ${escapeHtml(by)} did not trust ${code(launch.folder)} on ${bold(launch.serverId)}: ` +
        'Claude did not start, and its window is closed.';
}

/** The trust question, answered already (another press, or at the terminal). */
export function trustOverHtml(launch: LaunchView): string {
  return `The question about ${code(launch.folder)} on ${bold(launch.serverId)} was answered already.`;
}

/** Claude exited before its SessionStart: a person can try the same by hand. */
export function exitedHtml(launch: LaunchView, command: readonly string[]): string {
  return (
    `❌ Claude Code exited in ${code(launch.folder)} on ${bold(launch.serverId)} before it was up, ` +
    `and its window went with it. Run it there by hand to see why: ` +
    `${code(`cd ${launch.folder} && ${command.join(' ')}`)}.`
  );
}

/** The window runs, but no SessionStart came: the hooks are missing or old on that server. */
export function silentHtml(launch: LaunchView, waitedSeconds: number): string {
  return (
    `⏳ Claude Code runs in tmux ${code(windowOf(launch))} on ${bold(launch.serverId)}, in ` +
    `${code(launch.folder)}, but no SessionStart came from it within ${waitedSeconds} s, so it has ` +
    `no session name yet. Is remote-hook installed there, with its SessionStart hook? Run ` +
    `${code('remote-hook install')} there, then ${code('remote-hook doctor')}; or look at the ` +
    `window: ${code(`tmux attach -t ${launch.tmux.session}`)}.`
  );
}

/** /new with a server alone: its projects as buttons. */
export function projectsHtml(serverId: string, allowAnyFolder: boolean): string {
  return (
    `📁 Where should Claude start on ${bold(serverId)}?` +
    (allowAnyFolder ? ` Or write the folder: ${code(`/new ${serverId} ~/some/folder`)}.` : '')
  );
}

/** The chat's answer to what came of a /new (or a press that answered its trust question). */
export function launchAnswer(result: LaunchResult, command: readonly string[]): BotAnswer {
  switch (result.kind) {
    case 'started':
      return {
        html: startedHtml(result.launch, result.session, result.prompt, result.text),
        keyboard: sessionKeyboard(result.session.id),
      };
    case 'trust':
      return { html: trustQuestionHtml(result.launch), keyboard: trustKeyboard(result.launch.id) };
    case 'exited':
      return { html: exitedHtml(result.launch, command) };
    case 'silent':
      return { html: silentHtml(result.launch, LAUNCH_WAIT_MS / 1000) };
    case 'cancelled':
      return {
        html: `✖ Cancelled: Claude did not start in ${code(result.launch.folder)} on ${bold(result.launch.serverId)}, and its window is closed.`,
      };
    case 'over':
      return { html: trustOverHtml(result.launch) };
  }
}
