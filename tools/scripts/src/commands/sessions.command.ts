import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeDatabase, type DatabaseSetting } from '@ccr/config';
import { displayPath } from '../lib/display-path.util';
import { loadHubSettings } from '../lib/hub-settings.util';
import { sessionsTable } from '../lib/sessions-table.util';
import type { OpsCommand } from '../ops-io.interface';
import { OpsError, OpsExitCode } from '../ops.error';

/**
 * Live sessions read from the database itself, so that status works while hub-api is down.
 * It only reads: no migration runs, and a missing file is not created.
 */
export const SESSIONS_COMMAND: OpsCommand = {
  name: 'sessions',
  usage: 'sessions',
  summary: 'the live sessions, read from the database',
  async run(args, io) {
    parseArgs({ args, options: {}, allowPositionals: false });
    const { hub } = loadHubSettings(io.cwd, io.env);
    let location: DatabaseSetting;
    let shown: string;
    if ('path' in hub.database) {
      const path = resolve(io.cwd, hub.database.path);
      shown = displayPath(path, io.cwd);
      if (!existsSync(path)) {
        io.out(
          `Live sessions: none (${shown} does not exist yet; hub-api creates it at its start)`,
        );
        return OpsExitCode.Ok;
      }
      location = { path };
    } else {
      location = hub.database;
      shown = describeDatabase(hub.database);
    }
    // Loaded here only: TypeORM alone takes a third of a second to load, which the other
    // commands, run several times by each script, should not pay.
    const { SessionStore, dataSourceOptions } = await import('@ccr/session-data-access');
    const { DataSource } = await import('typeorm');
    const dataSource = new DataSource(dataSourceOptions(location));
    try {
      await dataSource.initialize();
      const live = await new SessionStore(dataSource, { ttlHours: hub.sessionTtlHours }).listLive();
      for (const line of sessionsTable(live, shown, new Date())) io.out(line);
    } catch (error) {
      throw new OpsError(`cannot read the sessions in ${shown}: ${(error as Error).message}`);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
    return OpsExitCode.Ok;
  },
};
