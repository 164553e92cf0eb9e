import { DEFAULT_INBOX } from '@ccr/config';
import { posix } from 'node:path';
import type { KnownServer } from '../executor/server-registry.service';
import { expandHome } from './get-path.util';

/** The server's inbox folder, absolute: `inbox` of servers.json (or the default) in `home`. */
export function inboxRootOf(server: KnownServer, home: string): string {
  return expandHome(server.config.inbox ?? DEFAULT_INBOX, home);
}

/** The folder a session's files go to: its own, named after it, in the server's inbox. */
export function sessionInboxOf(inboxRoot: string, sessionName: string): string {
  return posix.join(inboxRoot, sessionName);
}
