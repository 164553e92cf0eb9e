import type { ServerConfig } from '@ccr/config';
import { SessionError, type SessionView } from '@ccr/session-domain';
import { ExecutorError, ExecutorErrorCode } from '@ccr/ssh-executor';
import { sshCheckCommand } from '../executor/executor-server.util';
import { BotError } from './bot.error';
import { bold, code, escapeHtml } from './html.util';

export interface FailureContext {
  /** The servers.json entry of a server id, for host, port and user in the answer. */
  serverById(id: string): ServerConfig | undefined;
  connectTimeoutMs: number;
  /** The session the update was about, once it got that far. */
  session?: SessionView;
  updateId?: number;
  /** What the failure left as it was; "Nothing was sent to the pane." unless given. */
  untouched?: string;
}

export interface FailureReply {
  /** Telegram HTML, every dynamic part escaped. */
  html: string;
  /** For the log line: a BotError, SessionError or ExecutorError code, or INTERNAL. */
  code: string;
  /** False for errors nobody planned for: the log keeps their stack. */
  expected: boolean;
}

const NOTHING_SENT = 'Nothing was sent to the pane.';

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** `<b>kr4</b> (10.0.0.4:22)`, or the id alone when the server is local or unknown. */
function where(serverId: string, server: ServerConfig | undefined): string {
  if (server?.type === 'remote')
    return `${bold(serverId)} (${escapeHtml(`${server.host}:${server.port}`)})`;
  return bold(serverId);
}

function checkWith(server: ServerConfig | undefined): string {
  const command = server ? sshCheckCommand(server) : undefined;
  return command ? ` Check with ${code(command)}.` : '';
}

function executorReply(error: ExecutorError, context: FailureContext): string {
  const serverId = error.serverId ?? context.session?.serverId ?? '?';
  const server = context.serverById(serverId);
  const at = where(serverId, server);
  const details = escapeHtml(error.message);
  const untouched = context.untouched ?? NOTHING_SENT;
  switch (error.code) {
    case ExecutorErrorCode.ConnectionRefused:
      return `🔌 ${at} refused the SSH connection: is sshd running there, on that port?${checkWith(server)} ${untouched}`;
    case ExecutorErrorCode.ConnectTimeout:
      return (
        `⏱ No SSH connection to ${at} within ${seconds(context.connectTimeoutMs)}: is the host ` +
        `up, and does nothing drop traffic to its SSH port?${checkWith(server)} ${untouched}`
      );
    case ExecutorErrorCode.ServerUnreachable:
      return `📡 Cannot reach ${at} over SSH. ${details}`;
    case ExecutorErrorCode.AuthFailed:
      return `🔑 ${at} did not let the hub log in. ${details} ${untouched}`;
    case ExecutorErrorCode.HostKeyMismatch:
      return `⚠️ ${bold('Host key mismatch')} for ${at}: I did not connect. ${details} ${untouched}`;
    case ExecutorErrorCode.HostKeyUnknown:
      return `🔑 I do not know the host key of ${at}, so I did not connect. ${details} ${untouched}`;
    case ExecutorErrorCode.PaneGone: {
      const session = context.session;
      const which = session
        ? `The tmux pane ${code(session.tmux.pane ?? '?')} of session ${code(session.name)} (${escapeHtml(session.project)})`
        : 'The tmux pane';
      return (
        `🪟 ${which} is gone: its window was closed, or tmux stopped on ${bold(serverId)}. ` +
        `${untouched} Start Claude again in tmux there; its next notification makes a new ` +
        'session. /sessions lists live ones.'
      );
    }
    case ExecutorErrorCode.TmuxMissing:
      return `🧰 ${details}`;
    case ExecutorErrorCode.CommandTimeout:
      return (
        `⏱ ${at} did not finish the tmux command in time, so the SSH connection was reset. ` +
        `Try again; if it keeps happening, check the load on ${bold(serverId)}.`
      );
    case ExecutorErrorCode.TextTooLong:
      return `✂️ Too long to type at once. ${details}`;
    case ExecutorErrorCode.FolderMissing:
      return `📁 ${details} ${untouched}`;
    case ExecutorErrorCode.CommandNotFound:
      return (
        `🧰 ${details} Install Claude Code there, or set the server's ${code('claudeCommand')} ` +
        `in servers.json to its absolute path. ${untouched}`
      );
    case ExecutorErrorCode.Closed:
      return 'hub-bot is shutting down; send that again in a moment.';
    default:
      return `❗ ${details}`;
  }
}

/**
 * The one place a failure becomes an answer a person can act on: what went wrong, where, and
 * what to check or do next.
 */
export function failureReply(error: unknown, context: FailureContext): FailureReply {
  if (error instanceof BotError) return { html: error.html, code: error.code, expected: true };
  if (error instanceof SessionError) {
    return { html: `🔎 ${escapeHtml(error.message)}`, code: error.code, expected: true };
  }
  if (error instanceof ExecutorError) {
    return { html: executorReply(error, context), code: error.code, expected: true };
  }
  const update = context.updateId === undefined ? '' : ` (update ${context.updateId})`;
  return {
    html: `💥 Something went wrong while handling this${update}; the hub-bot log has the details.`,
    code: 'INTERNAL',
    expected: false,
  };
}

/** A few words for a server that did not answer, for one line of /servers. */
export function shortFailure(error: unknown, context: FailureContext): string {
  if (!(error instanceof ExecutorError)) return 'failed; the hub-bot log has the details';
  const server = error.serverId ? context.serverById(error.serverId) : undefined;
  switch (error.code) {
    case ExecutorErrorCode.ConnectionRefused:
      return `refused the SSH connection: is sshd running?${checkWith(server)}`;
    case ExecutorErrorCode.ConnectTimeout:
      return `no SSH connection within ${seconds(context.connectTimeoutMs)}: is the host up?${checkWith(server)}`;
    case ExecutorErrorCode.HostKeyMismatch:
      return `⚠️ ${bold('host key mismatch')}: not connected. Check the key before you trust it.`;
    case ExecutorErrorCode.HostKeyUnknown:
      return `host key not in known_hosts: not connected.${checkWith(server)}`;
    case ExecutorErrorCode.AuthFailed:
      return 'refused the hub’s SSH key (authorized_keys, user name).';
    case ExecutorErrorCode.TmuxMissing:
      return 'tmux is not installed (or not on the PATH of the SSH user).';
    default:
      return escapeHtml(error.message);
  }
}
