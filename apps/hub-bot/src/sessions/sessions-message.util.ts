import type { ServerConfig } from '@ccr/config';
import { formatTimeLeft, type SessionState, type SessionView } from '@ccr/session-domain';
import { clockTime, formatDuration } from '@ccr/telegram-format';
import { joinWithin } from '../replies/fit-lines.util';
import { bold, code, escapeHtml } from '../replies/html.util';

const STATE_LABELS: Readonly<Record<SessionState, string>> = {
  working: '⚙️ working',
  waiting: '⏳ waiting for input',
  asking: '🔐 asking',
  idle: '💤 idle',
  ended: '⏹ ended',
};

/** `⚙️ working since 09:58 UTC (4 min)`; an idle session whose last turn failed says so. */
export function stateLabel(session: SessionView, now: Date): string {
  const failed =
    session.state === 'idle' && session.lastType === 'failed' ? ' (last turn failed)' : '';
  const elapsed = formatDuration((now.getTime() - session.stateSince.getTime()) / 1000);
  return `${STATE_LABELS[session.state]}${failed} since ${clockTime(session.stateSince)} (${elapsed})`;
}

/** `main:0 %3`, what the session's tmux location says. */
export function tmuxLabel(session: SessionView): string | undefined {
  const { session: name, window, pane } = session.tmux;
  if (!pane) return undefined;
  const place = name === null ? '' : window === null ? `${name} ` : `${name}:${window} `;
  return `${place}${pane}`;
}

function sessionBlock(session: SessionView, now: Date): string {
  const tmux = tmuxLabel(session);
  const where = tmux ? `tmux ${code(tmux)}` : 'not in tmux: cannot be answered';
  const left = formatTimeLeft(session.expiresAt.getTime() - now.getTime());
  return (
    `• ${code(session.name)} · ${escapeHtml(session.project)} · token ${code(session.token)}\n` +
    `   ${escapeHtml(stateLabel(session, now))}\n` +
    `   ${where} · ${escapeHtml(left)} left`
  );
}

function serverHeading(serverId: string, server: ServerConfig | undefined): string {
  if (!server) return `\n${bold(serverId)} · ⚠️ not in servers.json: cannot be answered`;
  const name = server.name && server.name !== serverId ? ` · ${escapeHtml(server.name)}` : '';
  return `\n${bold(serverId)}${name}`;
}

/** Server ids in servers.json order, then the others by id. */
function serverRank(serverOrder: readonly string[]): (a: string, b: string) => number {
  const rank = (id: string): number => {
    const index = serverOrder.indexOf(id);
    return index === -1 ? serverOrder.length : index;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sessions in the order /sessions lists them, for the buttons under it. */
export function sortedForButtons(
  sessions: readonly SessionView[],
  serverOrder: readonly string[],
): SessionView[] {
  const byServer = serverRank(serverOrder);
  return [...sessions].sort((a, b) => byServer(a.serverId, b.serverId) || a.seq - b.seq);
}

/**
 * /sessions: live sessions grouped by server (servers.json order, then others by id), each
 * with its name, project, token, what it is doing and since when, its tmux pane and time left;
 * cut to one Telegram message.
 */
export function formatSessionsMessage(
  sessions: readonly SessionView[],
  serverById: (id: string) => ServerConfig | undefined,
  serverOrder: readonly string[],
  now: Date,
  ttlHours: number,
): string {
  if (sessions.length === 0) {
    return (
      '📋 No live sessions. A session appears when Claude Code starts on one of your servers ' +
      `(remote-hook installed there), or when /new starts one, and lasts ${ttlHours} h after its ` +
      'last event.'
    );
  }
  const byServer = new Map<string, SessionView[]>();
  for (const session of sessions) {
    const list = byServer.get(session.serverId) ?? [];
    list.push(session);
    byServer.set(session.serverId, list);
  }
  const serverIds = [...byServer.keys()].sort(serverRank(serverOrder));
  const blocks: string[] = [
    `📋 ${bold('Live sessions')} · ${sessions.length} · answer with ${code('/cmd name your text')}`,
  ];
  for (const serverId of serverIds) {
    const list = byServer.get(serverId) ?? [];
    list.forEach((session, i) => {
      const block = sessionBlock(session, now);
      blocks.push(i === 0 ? `${serverHeading(serverId, serverById(serverId))}\n${block}` : block);
    });
  }
  return joinWithin(blocks, (left) => `\n… and ${left} more; /cmd works for every live session.`);
}
