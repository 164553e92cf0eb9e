import { loadDotEnv, loadServersConfig, serversConfigPathOf, type ServerConfig } from '@ccr/config';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { planAddServer, type NewRemoteServer } from '../lib/add-server.util';
import { displayPath } from '../lib/display-path.util';
import { loadHubSettings, type HubSettings } from '../lib/hub-settings.util';
import { formatTable } from '../lib/text-table.util';
import type { OpsCommand, OpsIo } from '../ops-io.interface';
import { OpsError, OpsExitCode } from '../ops.error';

const USAGE = [
  'servers path',
  'servers list',
  'servers check',
  'servers add --id ID --host HOST --port N --user USER --key PATH --known-hosts PATH [--name TEXT] [--dry-run]',
].join(' | ');

function hubLines(settings: HubSettings): string[] {
  const { hub, bot } = settings;
  const rows: string[][] = [
    [
      'hub-api',
      `port ${hub.port} on ${hub.host}`,
      `servers post to http://<this machine>:${hub.port}/notify`,
    ],
  ];
  if (bot.state === 'on') {
    const mode = bot.config.telegram.webhook
      ? `webhook at ${bot.config.telegram.webhook.url}`
      : 'long polling; the port serves GET /health';
    rows.push(['hub-bot', `port ${bot.config.http.port} on ${bot.config.http.host}`, mode]);
  } else if (bot.state === 'off') {
    rows.push(['hub-bot', 'off', bot.reason]);
  } else {
    rows.push(['hub-bot', 'off', `configuration error: ${bot.error.message}`]);
  }
  return ['Hub on this machine', ...formatTable(rows)];
}

function serverRows(servers: readonly ServerConfig[]): string[] {
  const rows = servers.map((server) =>
    server.type === 'local'
      ? [server.id, 'local', 'this machine', '-', '-', server.name ?? '']
      : [server.id, 'remote', server.host, server.user, String(server.port), server.name ?? ''],
  );
  return formatTable([['ID', 'TYPE', 'HOST', 'SSH USER', 'SSH PORT', 'NAME'], ...rows]);
}

function list(io: OpsIo): number {
  const settings = loadHubSettings(io.cwd, io.env);
  const { hub, servers } = settings;
  const shown = displayPath(resolve(io.cwd, hub.serversConfigPath), io.cwd);
  const heading = servers.source
    ? `Servers in ${shown}: ${servers.servers.length}`
    : `Servers: ${shown} does not exist, so the hub knows only the local server`;
  for (const line of [...hubLines(settings), '', heading, ...serverRows(servers.servers)]) {
    io.out(line);
  }
  for (const warning of settings.warnings) io.err(`warning: ${warning}`);
  return OpsExitCode.Ok;
}

/**
 * Where the apps will look for servers.json, read from the environment and .env alone: for
 * install.sh, which makes the file before anything else can be checked against it.
 */
function printPath(io: OpsIo): number {
  const env = { ...io.env };
  loadDotEnv(join(io.cwd, '.env'), env);
  io.out(serversConfigPathOf(env).path);
  return OpsExitCode.Ok;
}

function check(io: OpsIo): number {
  const { hub } = loadHubSettings(io.cwd, io.env);
  const path = resolve(io.cwd, hub.serversConfigPath);
  const config = loadServersConfig(path, true);
  const ids = config.servers.map((server) => server.id).join(', ');
  const count = config.servers.length;
  io.out(`${displayPath(path, io.cwd)}: ${count} server${count === 1 ? '' : 's'} (${ids})`);
  return OpsExitCode.Ok;
}

function readDocument(path: string, shown: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new OpsError(`${shown} is not valid JSON (${(error as Error).message}); fix it first`);
  }
}

/** Replaces the file in one step, keeping its mode; a new file is the owner's only (secrets). */
function writeDocument(path: string, document: unknown): void {
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o600;
  const temporary = join(dirname(path), `.servers.json.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

function add(args: string[], io: OpsIo): number {
  const { values } = parseArgs({
    args,
    options: {
      id: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      key: { type: 'string' },
      'known-hosts': { type: 'string' },
      name: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  const required = ['id', 'host', 'port', 'user', 'key', 'known-hosts'] as const;
  const missing = required.filter((key) => values[key] === undefined);
  if (missing.length > 0) {
    throw new OpsError(
      `ops servers add: missing ${missing.map((key) => `--${key}`).join(', ')}`,
      OpsExitCode.Usage,
    );
  }
  const port = /^\d+$/.test(values.port ?? '') ? Number(values.port) : Number.NaN;
  const server: NewRemoteServer = {
    id: values.id ?? '',
    host: values.host ?? '',
    port,
    user: values.user ?? '',
    keyPath: values.key ?? '',
    knownHostsPath: values['known-hosts'] ?? '',
    ...(values.name ? { name: values.name } : {}),
  };
  const { hub } = loadHubSettings(io.cwd, io.env);
  const path = resolve(io.cwd, hub.serversConfigPath);
  const shown = displayPath(path, io.cwd);
  const plan = planAddServer(readDocument(path, shown), server, shown);
  if (plan.action === 'keep') {
    io.out(`kept server ${server.id} in ${shown} (already there, unchanged)`);
  } else if (values['dry-run']) {
    io.out(`server ${server.id} can be added to ${shown}`);
  } else {
    writeDocument(path, plan.document);
    io.out(`added server ${server.id} to ${shown}`);
  }
  return OpsExitCode.Ok;
}

export const SERVERS_COMMAND: OpsCommand = {
  name: 'servers',
  usage: 'servers path|list|check|add …',
  summary:
    "servers.json's path, list the hub and its servers, check servers.json, or add a remote server to it",
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'path':
        parseArgs({ args: rest, options: {}, allowPositionals: false });
        return printPath(io);
      case 'list':
        parseArgs({ args: rest, options: {}, allowPositionals: false });
        return list(io);
      case 'check':
        parseArgs({ args: rest, options: {}, allowPositionals: false });
        return check(io);
      case 'add':
        return add(rest, io);
      default:
        throw new OpsError(`usage: ops ${USAGE}`, OpsExitCode.Usage);
    }
  },
};
