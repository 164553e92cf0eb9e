import { describeDatabase, resolveSharedSecret } from '@ccr/config';
import { parseArgs } from 'node:util';
import { loadHubSettings } from '../lib/hub-settings.util';
import type { OpsCommand } from '../ops-io.interface';
import { OpsExitCode } from '../ops.error';

/**
 * `KEY=value` lines for the shell scripts, read with the hub's rules. Values are one line each
 * (TUNNEL_COMMAND is refused otherwise), so a script reads them line by line, never by eval.
 * WARNING may come several times: one line each for what the apps will warn about at start.
 */
export const ENV_COMMAND: OpsCommand = {
  name: 'env',
  usage: 'env',
  summary: "the hub's ports, paths, hub-bot and tunnel settings and warnings, as KEY=value lines",
  async run(args, io) {
    parseArgs({ args, options: {}, allowPositionals: false });
    const { hub, bot, tunnelCommand, warnings } = loadHubSettings(io.cwd, io.env);
    const lines: [string, string | number][] = [
      ['NOTIFY_HOST', hub.host],
      ['NOTIFY_PORT', hub.port],
      ['DATABASE', describeDatabase(hub.database)],
      ['SERVERS_CONFIG', hub.serversConfigPath],
      ['BOT', bot.state],
    ];
    if (bot.state === 'on') {
      lines.push(['WEBHOOK_HOST', bot.config.http.host], ['WEBHOOK_PORT', bot.config.http.port]);
    }
    if (bot.state === 'off') lines.push(['BOT_OFF', bot.reason]);
    if (bot.state === 'invalid') lines.push(['BOT_ERROR', bot.error.message]);
    lines.push(['TUNNEL_COMMAND', tunnelCommand ?? '']);
    for (const warning of warnings) lines.push(['WARNING', warning]);
    for (const [key, value] of lines) io.out(`${key}=${value}`);
    return OpsExitCode.Ok;
  },
};

/**
 * The secret servers sign with: SHARED_SECRET, else the one hub-api keeps in the data folder
 * (made now, as hub-api would at its first start, when there is none yet).
 */
export const SECRET_COMMAND: OpsCommand = {
  name: 'secret',
  usage: 'secret',
  summary: "the hub's shared secret (SHARED_SECRET, else $DATA_DIR/shared-secret)",
  async run(args, io) {
    parseArgs({ args, options: {}, allowPositionals: false });
    const { hub } = loadHubSettings(io.cwd, io.env);
    const secret = resolveSharedSecret(hub.sharedSecret, hub.dataDir);
    io.out(secret.value);
    if (secret.source === 'generated') {
      io.err(`generated the hub's shared secret in ${secret.path} (hub-api will use it)`);
    }
    return OpsExitCode.Ok;
  },
};
