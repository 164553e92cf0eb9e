import type { SessionView } from '@ccr/session-domain';
import { clockTime, sessionKeyboard, stopConfirmKeyboard } from '@ccr/telegram-format';
import type { BotAnswer } from '../replies/answer.service';
import { BotError } from '../replies/bot.error';
import { code, escapeHtml } from '../replies/html.util';
import { splitFirstWord } from '../telegram/command-text.util';
import { tmuxLabel } from '../sessions/sessions-message.util';
import { SESSION_END_WAIT_MS, type StopResult } from './stop.service';

export const STOP_USAGE =
  `Say which session: ${code('/stop kr4:1')}, or reply ${code('/stop')} to its notification. ` +
  '/sessions lists live ones.';

/** `/stop <session>`, or a bare `/stop` (ref undefined) when replying to a notification. */
export function parseStopArgs(rest: string, isReply = false): { ref: string | undefined } {
  const { word, after } = splitFirstWord(rest);
  if (word === '' && isReply) return { ref: undefined };
  if (word === '' || after.trim() !== '') throw BotError.usage(STOP_USAGE);
  return { ref: word };
}

/** `kr4:3 (api)` */
function named(session: SessionView): string {
  return `${code(session.name)} (${escapeHtml(session.project)})`;
}

/** The answer to a /stop, or to a Stop button; the confirmation carries its buttons. */
export function stopAnswer(result: StopResult): BotAnswer {
  const { session } = result;
  switch (result.kind) {
    case 'confirm': {
      const tmux = tmuxLabel(session);
      return {
        html:
          `⚠️ ${named(session)} was not started from here: it runs in ` +
          `${tmux ? `tmux ${code(tmux)}` : 'a tmux pane'} on ${code(session.serverId)}, opened ` +
          'by hand. Stop it anyway? I would interrupt it and type /exit, as at the terminal; ' +
          'its window stays open.',
        keyboard: stopConfirmKeyboard(session.id),
      };
    }
    case 'stopped': {
      const window =
        result.window === 'closed'
          ? 'its window is closed'
          : result.window === 'gone'
            ? 'its window went with it'
            : 'its window, opened by hand, stays open';
      return {
        html: `⏹ ${named(session)} ended at ${clockTime(session.stateSince)} (its SessionEnd came); ${window}.`,
      };
    }
    case 'no-session-end':
      return {
        html:
          `⚠️ I typed /exit into ${named(session)}, but no SessionEnd came within ` +
          `${SESSION_END_WAIT_MS / 1000} s. ` +
          (result.paneGone
            ? 'Its pane is gone, so Claude has exited; its hooks did not report it (remote-hook doctor on that server says why).'
            : `Look at its screen: ${code(`/output ${session.name}`)}.`),
        ...(result.paneGone ? {} : { keyboard: sessionKeyboard(session.id) }),
      };
  }
}

/** The confirmation once answered Keep: its buttons go. */
export function keptHtml(session: SessionView, by: string): string {
  return `${escapeHtml(by)} kept ${named(session)} running.`;
}

/** The confirmation once answered Stop it, while it stops. */
export function stoppingHtml(session: SessionView, by: string): string {
  return `⏹ ${escapeHtml(by)} asked to stop ${named(session)}.`;
}
