import type { ServerConfig } from '@ccr/config';
import { serverAddress } from '../executor/executor-server.util';
import { joinWithin } from '../replies/fit-lines.util';
import { bold, escapeHtml } from '../replies/html.util';

/** One configured server, pinged. */
export type ServerCheck =
  | { server: ServerConfig; liveSessions: number; reachable: true; roundTripMs: number }
  | {
      server: ServerConfig;
      liveSessions: number;
      reachable: false;
      /** Telegram HTML, already escaped: a few words on what failed and how to check. */
      problemHtml: string;
    };

function checkBlock(check: ServerCheck): string {
  const { server } = check;
  const name = server.name && server.name !== server.id ? ` · ${escapeHtml(server.name)}` : '';
  const head = `${check.reachable ? '🟢' : '🔴'} ${bold(server.id)}${name} · ${escapeHtml(serverAddress(server))}`;
  const sessions = `${check.liveSessions} live session${check.liveSessions === 1 ? '' : 's'}`;
  const state = check.reachable
    ? `${server.type === 'remote' ? 'SSH round trip' : 'tmux answered in'} ${check.roundTripMs} ms`
    : check.problemHtml;
  return `${head}\n   ${state} · ${sessions}`;
}

/** /servers: every configured server, reachable or not, in servers.json order. */
export function formatServersMessage(checks: readonly ServerCheck[], source: string): string {
  if (checks.length === 0) return `No servers are configured in ${escapeHtml(source)}.`;
  const up = checks.filter((check) => check.reachable).length;
  const header = `🖧 ${bold('Servers')} · ${up} of ${checks.length} reachable`;
  return joinWithin([header, ...checks.map(checkBlock)], (left) => `… and ${left} more`);
}
