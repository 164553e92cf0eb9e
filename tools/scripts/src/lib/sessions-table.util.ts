import { formatTimeLeft, type SessionView } from '@ccr/session-domain';
import { formatTable } from './text-table.util';

/** Where in tmux a session runs: `main:1 %3`, or `-` when Claude was not in tmux. */
export function tmuxPlace(tmux: SessionView['tmux']): string {
  const where = [tmux.session, tmux.window].filter((part) => part !== null).join(':');
  const place = [where, tmux.pane ?? ''].filter((part) => part !== '').join(' ');
  return place === '' ? '-' : place;
}

/** The live sessions as status.sh prints them, under a heading naming the database. */
export function sessionsTable(
  sessions: readonly SessionView[],
  database: string,
  now: Date,
): string[] {
  const heading = `Live sessions in ${database}: ${sessions.length === 0 ? 'none' : sessions.length}`;
  if (sessions.length === 0) return [heading];
  const rows = sessions.map((session) => [
    session.name,
    session.project,
    session.state,
    tmuxPlace(session.tmux),
    session.hostname ?? '-',
    `${formatTimeLeft(now.getTime() - session.lastEventAt.getTime())} ago`,
    formatTimeLeft(session.expiresAt.getTime() - now.getTime()),
  ]);
  return [
    heading,
    ...formatTable([
      ['NAME', 'PROJECT', 'STATE', 'TMUX', 'HOST', 'LAST EVENT', 'EXPIRES IN'],
      ...rows,
    ]),
  ];
}
